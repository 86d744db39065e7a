using System.Text;
using System.Text.RegularExpressions;

namespace Community.Tests.Support;

/// <summary>One mail as a recipient sees it: decoded headers and plain-text body.</summary>
public sealed record ReceivedMail(string File, IReadOnlyDictionary<string, string> Headers, string Subject, IReadOnlyList<string> To, string Text)
{
    /// <summary>The first link in the body whose path starts with <paramref name="path"/>, made relative so the test client can open it.</summary>
    public string LinkTo(string path)
    {
        foreach (Match m in Regex.Matches(Text, @"https?://[^\s<>""]+"))
        {
            var uri = new Uri(m.Value);
            if (uri.AbsolutePath.StartsWith(path, StringComparison.Ordinal)) return uri.PathAndQuery;
        }
        throw new Xunit.Sdk.XunitException($"No link to {path} in the mail '{Subject}':\n{Text}");
    }

    public string AbsoluteLinkTo(string path) =>
        Regex.Matches(Text, @"https?://[^\s<>""]+").Select(m => m.Value).FirstOrDefault(l => new Uri(l).AbsolutePath.StartsWith(path, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No link to {path} in the mail '{Subject}':\n{Text}");
}

/// <summary>The .eml files in a folder: the app's pickup directory, or where the test SMTP server saves what it receives.</summary>
public sealed class Mailbox(string directory)
{
    public string Directory => directory;

    public IReadOnlyList<ReceivedMail> All() =>
        System.IO.Directory.Exists(directory)
            ? new DirectoryInfo(directory).GetFiles("*.eml").OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name)
                .Select(f => MimeReader.Parse(f.FullName, File.ReadAllText(f.FullName, Encoding.ASCII))).ToList()
            : [];

    public IReadOnlyList<ReceivedMail> To(string address) =>
        All().Where(m => m.To.Any(t => string.Equals(t, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>The one mail to <paramref name="address"/> whose subject contains <paramref name="subject"/>; waits briefly for SMTP delivery.</summary>
    public async Task<ReceivedMail> SingleAsync(string address, string subject, TimeSpan? wait = null)
    {
        var until = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var found = To(address).Where(m => m.Subject.Contains(subject, StringComparison.Ordinal)).ToList();
            if (found.Count == 1) return found[0];
            if (found.Count > 1) throw new Xunit.Sdk.XunitException($"{found.Count} mails '{subject}' to {address}, expected one.");
            if (DateTime.UtcNow > until)
                throw new Xunit.Sdk.XunitException($"No mail '{subject}' to {address}. Mails to them: {string.Join(" | ", To(address).Select(m => m.Subject))}");
            await Task.Delay(50);
        }
    }
}

/// <summary>Just enough MIME to read what System.Net.Mail writes: folded headers, RFC 2047 words, multipart, base64 and quoted-printable.</summary>
public static class MimeReader
{
    public static ReceivedMail Parse(string file, string raw)
    {
        var (headers, body) = SplitHeaders(raw);
        var text = TextBody(headers, body);
        var to = Regex.Matches(headers.GetValueOrDefault("To", ""), @"[^\s<>,""]+@[^\s<>,""]+").Select(m => m.Value).ToList();
        return new ReceivedMail(file, headers, headers.GetValueOrDefault("Subject", ""), to, text);
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string raw)
    {
        raw = raw.Replace("\r\n", "\n");
        var end = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? raw : raw[..end];
        var body = end < 0 ? "" : raw[(end + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && last is not null)
            {
                headers[last] += " " + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            last = line[..colon].Trim();
            headers[last] = line[(colon + 1)..].Trim();
        }
        foreach (var key in headers.Keys.ToList()) headers[key] = DecodeWords(headers[key]);
        return (headers, body);
    }

    private static string DecodeWords(string value)
    {
        // Whitespace between two encoded words is not part of the text (RFC 2047 section 6.2).
        value = Regex.Replace(value, @"\?=\s+=\?", "?==?");
        return Regex.Replace(value, @"=\?([^?]+)\?([BbQq])\?([^?]*)\?=", m =>
        {
            var encoding = Encoding.GetEncoding(m.Groups[1].Value);
            var bytes = m.Groups[2].Value is "B" or "b"
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
            return encoding.GetString(bytes);
        });
    }

    private static string TextBody(Dictionary<string, string> headers, string body)
    {
        var contentType = headers.GetValueOrDefault("Content-Type", "text/plain");
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = Regex.Match(contentType, @"boundary=""?([^"";]+)""?", RegexOptions.IgnoreCase).Groups[1].Value;
            var parts = body.Split("--" + boundary).Skip(1).TakeWhile(p => !p.StartsWith("--", StringComparison.Ordinal));
            var decoded = parts.Select(p => SplitHeaders(p.TrimStart('\n'))).ToList();
            var plain = decoded.FirstOrDefault(p => p.Headers.GetValueOrDefault("Content-Type", "text/plain").StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));
            var chosen = plain.Headers is null ? decoded.First() : plain;
            return TextBody(chosen.Headers, chosen.Body);
        }
        var charset = Regex.Match(contentType, @"charset=""?([^"";]+)""?", RegexOptions.IgnoreCase) is { Success: true } c ? c.Groups[1].Value : "us-ascii";
        var encoding = Encoding.GetEncoding(charset);
        return headers.GetValueOrDefault("Content-Transfer-Encoding", "7bit").ToLowerInvariant() switch
        {
            "base64" => encoding.GetString(Convert.FromBase64String(Regex.Replace(body, @"\s", ""))),
            "quoted-printable" => encoding.GetString(QuotedPrintable(Regex.Replace(body, "=\n", ""))),
            _ => body,
        };
    }

    private static byte[] QuotedPrintable(string s)
    {
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '=' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
            }
        }
        return bytes.ToArray();
    }
}
