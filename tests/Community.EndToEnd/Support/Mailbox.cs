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
        : new DirectoryInfo(Directory).GetFiles("*.eml").OrderBy(f => f.CreationTimeUtc).Select(f => Parse(f.FullName)).ToList();

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

    /// <summary>MimeKit, the library the app writes mail with: the plain-text part is what every mail here has.</summary>
    public static Mail Parse(string path)
    {
        var message = MimeKit.MimeMessage.Load(path);
        return new Mail(message.To.ToString(), message.Subject ?? "", message.TextBody ?? "");
    }
}
