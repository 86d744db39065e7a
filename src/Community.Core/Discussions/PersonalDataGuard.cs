using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Community.Core.Discussions;

public enum PersonalDataKind
{
    Bsn,
    PhoneNumber,
    EmailAddress,
    Iban,
    DateOfBirth,
}

/// <summary>One likely piece of a citizen's personal data, by position in the text, so the editor can highlight it.</summary>
public sealed record PersonalDataFinding(PersonalDataKind Kind, int Start, int Length, string Text);

/// <summary>
/// Finds what looks like citizens' personal data in what a wijkteam worker is about to post (AVG): a BSN that
/// passes the eleven-test, Dutch phone numbers, email addresses, IBANs with a valid check, and dates of birth
/// next to a name or the word "geboren". It errs on the side of asking: the author confirms or changes the text.
/// </summary>
public static partial class PersonalDataGuard
{
    public static IReadOnlyList<PersonalDataFinding> Find(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var findings = new List<PersonalDataFinding>();
        void Add(PersonalDataKind kind, Match m) => findings.Add(new(kind, m.Index, m.Length, m.Value));

        foreach (Match m in EmailPattern().Matches(text)) Add(PersonalDataKind.EmailAddress, m);
        foreach (Match m in IbanPattern().Matches(text))
            if (IsValidIban(m.Value)) Add(PersonalDataKind.Iban, m);
        foreach (Match m in PhonePattern().Matches(text))
            if (!Overlaps(findings, m)) Add(PersonalDataKind.PhoneNumber, m);
        foreach (Match m in BsnPattern().Matches(text))
            if (!Overlaps(findings, m) && PassesElevenTest(Digits(m.Value))) Add(PersonalDataKind.Bsn, m);
        foreach (Match m in DatePattern().Matches(text))
            if (!Overlaps(findings, m) && IsBirthDateInContext(text, m)) Add(PersonalDataKind.DateOfBirth, m);

        return findings.OrderBy(f => f.Start).ToList();
    }

    /// <summary>
    /// Refuses a title and text with findings unless the community only warns and the author confirmed; the
    /// exception names the field ("Title" or "Body") of each finding.
    /// </summary>
    public static void Check(Communities.PrivacyGuardMode mode, string? title, string? body, bool confirmed)
    {
        var findings = Find(title).Select(f => new FieldFinding("Title", f)).Concat(Find(body).Select(f => new FieldFinding("Body", f))).ToList();
        if (findings.Count == 0) return;
        var blocks = mode == Communities.PrivacyGuardMode.Block;
        if (blocks || !confirmed) throw new PersonalDataFoundException(findings, blocks);
    }

    /// <summary>The BSN eleven-test: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of 11 (and not all zeros).</summary>
    public static bool PassesElevenTest(string digits)
    {
        if (digits.Length != 9 || digits.All(c => c == '0')) return false;
        var sum = 0;
        for (var i = 0; i < 8; i++) sum += (9 - i) * (digits[i] - '0');
        sum -= digits[8] - '0';
        return sum % 11 == 0;
    }

    /// <summary>ISO 13616: move the first four characters to the end, letters to numbers, the result mod 97 is 1.</summary>
    public static bool IsValidIban(string candidate)
    {
        var iban = new string(candidate.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        if (iban.Length < 15 || iban.Length > 34) return false;
        var rearranged = iban[4..] + iban[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsLetter(c) ? (c - 'A' + 10).ToString(CultureInfo.InvariantCulture) : c.ToString()));
        return BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97 == 1;
    }

    private static string Digits(string s) => new(s.Where(char.IsAsciiDigit).ToArray());

    private static bool Overlaps(List<PersonalDataFinding> findings, Match m) =>
        findings.Any(f => m.Index < f.Start + f.Length && f.Start < m.Index + m.Length);

    // A date is a date of birth when "geboren"/"geb."/"geboortedatum" stands just before it, or a name
    // (two capitalised words, as in "Jan de Vries (12-03-1985)") directly precedes it.
    private static bool IsBirthDateInContext(string text, Match date)
    {
        if (!IsPlausibleBirthDate(date)) return false;
        var before = text[Math.Max(0, date.Index - 40)..date.Index];
        var after = text[(date.Index + date.Length)..Math.Min(text.Length, date.Index + date.Length + 20)];
        return BirthWordPattern().IsMatch(before) || BirthWordPattern().IsMatch(after) || NameBeforePattern().IsMatch(before);
    }

    private static bool IsPlausibleBirthDate(Match date)
    {
        var year = int.Parse(date.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (date.Groups["year"].Value.Length == 2) year += year > DateTime.UtcNow.Year % 100 ? 1900 : 2000;
        return year >= DateTime.UtcNow.Year - 120 && year <= DateTime.UtcNow.Year;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", RegexOptions.IgnoreCase)]
    private static partial Regex IbanPattern();

    // 06-12345678, 06 12 34 56 78, 0543-123456, 020 123 4567, +31 6 12345678, 0031 20 1234567, +31 (0)6 12345678.
    [GeneratedRegex(@"(?<![\d+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|0)[1-9](?:[\s-]?\d){8}(?!\d)")]
    private static partial Regex PhonePattern();

    // Nine digits, also written in groups (123456782, 1234.56.782, 123 456 782).
    [GeneratedRegex(@"(?<![\d.,-])(?:\d{9}|\d{4}[.\s]\d{2}[.\s]\d{3}|\d{3}[.\s]\d{3}[.\s]\d{3})(?![\d.,-]?\d)")]
    private static partial Regex BsnPattern();

    [GeneratedRegex(@"(?<!\d)(?:\d{1,2}[-/.]\d{1,2}[-/.](?<year>\d{4}|\d{2})|\d{1,2} (?:jan(?:uari)?|feb(?:ruari)?|maa(?:rt)?|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?|aug(?:ustus)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? (?<year>\d{4}))(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\b(?:(?:geboren|geboortedatum|geboorte|dob|born)\b|geb\.)[\s:]*(?:op\s*)?$|^\s*\(?\s*(?:geboren|geb\.)", RegexOptions.IgnoreCase)]
    private static partial Regex BirthWordPattern();

    [GeneratedRegex(@"\b\p{Lu}\p{Ll}+(?:\s+(?:van|de|der|den|het|ter|ten|in\s+'t|van\s+der|van\s+den|van\s+de))?\s+\p{Lu}\p{Ll}+\s*[,(]?\s*(?:\*\s*)?$")]
    private static partial Regex NameBeforePattern();
}
