using System.Net.Mime;
using System.Text;
using System.Text.RegularExpressions;

namespace Community.EndToEnd.Support;

public sealed record Mail(string To, string Subject, string Body)
{
    /// <summary>The first http(s) link in the body, as a user would click it.</summary>
    public string FirstLink() => Regex.Match(Body, @"https?://\S+").Value is { Length: > 0 } link
        ? link
        : throw new InvalidOperationException($"No link in the mail '{Subject}':\n{Body}");
}

/// <summary>Reads the .eml files the app writes into its pickup folder when no SMTP host is configured.</summary>
public sealed partial class Mailbox(string directory)
{
    public string Directory { get; } = directory;

    public IReadOnlyList<Mail> All() => !System.IO.Directory.Exists(Directory)
        ? []
        : new DirectoryInfo(Directory).GetFiles("*.eml").OrderBy(f => f.CreationTimeUtc).Select(f => Parse(File.ReadAllText(f.FullName))).ToList();

    /// <summary>Waits a little: the mail is written during the request, but the file system may lag behind the redirect.</summary>
    public async Task<Mail> WaitForAsync(string to, Func<Mail, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = All().LastOrDefault(m => m.To.Contains(to, StringComparison.OrdinalIgnoreCase) && (match?.Invoke(m) ?? true));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No mail to {to} arrived in {Directory}. Mail there: " +
                    string.Join("; ", All().Select(m => $"{m.To}: {m.Subject}")));
            await Task.Delay(100);
        }
    }

    public static Mail Parse(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = raw[..split];
        var body = raw[(split + 4)..];
        var headers = ParseHeaders(headerText);
        var contentType = headers.GetValueOrDefault("content-type", "text/plain");
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            // The plain-text part is what every mail here has; the HTML view is optional.
            var boundary = new ContentType(contentType).Boundary!;
            var part = body.Split("--" + boundary).Skip(1).Select(p => p.TrimStart('\r', '\n'))
                .First(p => ParseHeaders(p[..Math.Max(0, p.IndexOf("\r\n\r\n", StringComparison.Ordinal))]).GetValueOrDefault("content-type", "text/plain")
                    .StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));
            var partSplit = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var partHeaders = ParseHeaders(part[..partSplit]);
            body = DecodeBody(part[(partSplit + 4)..], partHeaders.GetValueOrDefault("content-transfer-encoding", "7bit"));
        }
        else
        {
            body = DecodeBody(body, headers.GetValueOrDefault("content-transfer-encoding", "7bit"));
        }
        return new Mail(headers.GetValueOrDefault("to", ""), DecodeWords(headers.GetValueOrDefault("subject", "")), body);
    }

    private static Dictionary<string, string> ParseHeaders(string text)
    {
        var unfolded = Regex.Replace(text, @"\r\n[ \t]+", " ");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in unfolded.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        return headers;
    }

    private static string DecodeBody(string body, string encoding) => encoding.ToLowerInvariant() switch
    {
        "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Replace(body, @"\s", ""))),
        "quoted-printable" => DecodeQuotedPrintable(body),
        _ => body,
    };

    private static string DecodeQuotedPrintable(string text)
    {
        text = Regex.Replace(text, @"=\r\n", "");
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>RFC 2047 encoded words, as System.Net.Mail writes a UTF-8 subject.</summary>
    private static string DecodeWords(string value) =>
        Regex.Replace(Regex.Replace(value, @"\?=\s+=\?", "?==?"), @"=\?([^?]+)\?([BbQq])\?([^?]*)\?=", m =>
        {
            var charset = Encoding.GetEncoding(m.Groups[1].Value);
            var payload = m.Groups[3].Value;
            return m.Groups[2].Value is "B" or "b"
                ? charset.GetString(Convert.FromBase64String(payload))
                : DecodeQuotedPrintable(payload.Replace('_', ' '));
        });
}
