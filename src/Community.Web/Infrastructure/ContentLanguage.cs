using System.Globalization;

namespace Community.Web.Infrastructure;

/// <summary>
/// What members write (pilot titles, summaries, profiles) is Dutch, also on an English page. Marking it
/// lang="nl" there lets a screen reader pronounce it as Dutch (WCAG 3.1.2, language of parts). On a Dutch
/// page the attribute is left out: Razor drops an attribute whose value is null.
/// </summary>
public static class ContentLanguage
{
    public static string? Dutch => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl" ? null : "nl";
}
