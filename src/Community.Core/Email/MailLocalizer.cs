using System.Globalization;

namespace Community.Core.Email;

/// <summary>
/// Puts a mail text into the recipient's language. Mail texts are written in Dutch with <c>{0}</c>
/// placeholders; the Dutch text is the resource key that the web layer translates (the same resx
/// as the pages). Without a translator, as in a bare service in a test, mail stays Dutch.
/// </summary>
public interface IMailLocalizer
{
    string Localize(string culture, string template, params object[] args);
}

public sealed class DutchMailLocalizer : IMailLocalizer
{
    public static readonly DutchMailLocalizer Instance = new();
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl");

    public string Localize(string culture, string template, params object[] args) =>
        args.Length == 0 ? template : string.Format(Dutch, template, args);
}
