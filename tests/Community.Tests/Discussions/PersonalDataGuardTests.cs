using Community.Core.Discussions;

namespace Community.Tests.Discussions;

public sealed class PersonalDataGuardTests
{
    [Theory]
    [InlineData("Zijn BSN is 111222333, dat staat in het dossier.", "111222333")]
    [InlineData("bsn: 123456782", "123456782")]
    [InlineData("BSN 1234.56.782 doorgegeven", "1234.56.782")]
    [InlineData("nummer 123 456 782.", "123 456 782")]
    public void A_bsn_that_passes_the_eleven_test_is_found(string text, string bsn)
    {
        var finding = Assert.Single(PersonalDataGuard.Find(text));
        Assert.Equal(PersonalDataKind.Bsn, finding.Kind);
        Assert.Equal(bsn, finding.Text);
        Assert.Equal(bsn, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("Ordernummer 123456789 is geleverd.")]
    [InlineData("000000000")]
    [InlineData("In 2024 deden 12 gezinnen en 3 wijkteams mee; kosten € 40.000,- per jaar.")]
    [InlineData("Versie 1.2.3 van het protocol, 45 deelnemers, 1.234.567 euro budget.")]
    [InlineData("Op 12-03-2026 hadden we overleg met de huisarts.")]
    [InlineData("Zie https://www.achterhoek.nl/jeugd voor meer.")]
    public void Ordinary_text_with_numbers_and_dates_finds_nothing(string text) =>
        Assert.Empty(PersonalDataGuard.Find(text));

    [Theory]
    [InlineData("bel haar op 06-12345678 morgen", "06-12345678")]
    [InlineData("mobiel 06 12 34 56 78.", "06 12 34 56 78")]
    [InlineData("tel. +31 6 12345678", "+31 6 12345678")]
    [InlineData("tel. +31 (0)6 12345678", "+31 (0)6 12345678")]
    [InlineData("vaste lijn 0543-123456", "0543-123456")]
    [InlineData("0031 20 1234567 is het nummer", "0031 20 1234567")]
    public void Dutch_phone_numbers_are_found(string text, string phone)
    {
        var finding = Assert.Single(PersonalDataGuard.Find(text));
        Assert.Equal(PersonalDataKind.PhoneNumber, finding.Kind);
        Assert.Equal(phone, finding.Text);
    }

    [Fact]
    public void Email_addresses_are_found()
    {
        var finding = Assert.Single(PersonalDataGuard.Find("Mail naar j.jansen+zorg@voorbeeld.nl als het kan."));
        Assert.Equal((PersonalDataKind.EmailAddress, "j.jansen+zorg@voorbeeld.nl"), (finding.Kind, finding.Text));
    }

    [Theory]
    [InlineData("rekening NL91ABNA0417164300 graag", "NL91ABNA0417164300")]
    [InlineData("rekening NL91 ABNA 0417 1643 00.", "NL91 ABNA 0417 1643 00")]
    [InlineData("Belgische rekening BE68 5390 0754 7034", "BE68 5390 0754 7034")]
    public void Ibans_with_a_valid_check_are_found(string text, string iban)
    {
        var finding = Assert.Single(PersonalDataGuard.Find(text));
        Assert.Equal((PersonalDataKind.Iban, iban), (finding.Kind, finding.Text));
    }

    [Fact]
    public void An_iban_shaped_string_with_a_wrong_check_is_not_an_iban() =>
        Assert.DoesNotContain(PersonalDataGuard.Find("NL91ABNA0417164301"), f => f.Kind == PersonalDataKind.Iban);

    [Theory]
    [InlineData("Mevrouw Jansen, geboren 12-03-1985, woont alleen.", "12-03-1985")]
    [InlineData("Jan de Vries (12-03-1985) komt niet meer.", "12-03-1985")]
    [InlineData("Het kind, geb. 3 maart 2016, gaat naar school.", "3 maart 2016")]
    [InlineData("Geboortedatum: 1/2/1950", "1/2/1950")]
    public void A_date_of_birth_next_to_a_name_or_the_word_geboren_is_found(string text, string date)
    {
        var finding = Assert.Single(PersonalDataGuard.Find(text));
        Assert.Equal((PersonalDataKind.DateOfBirth, date), (finding.Kind, finding.Text));
    }

    [Fact]
    public void Several_findings_come_in_text_order_with_positions_for_highlighting()
    {
        const string text = "Gezin Bakker: bel 06-12345678 of mail fam.bakker@voorbeeld.nl; BSN vader 111222333.";
        var findings = PersonalDataGuard.Find(text);
        Assert.Equal([PersonalDataKind.PhoneNumber, PersonalDataKind.EmailAddress, PersonalDataKind.Bsn], findings.Select(f => f.Kind));
        Assert.All(findings, f => Assert.Equal(f.Text, text.Substring(f.Start, f.Length)));
    }

    [Theory]
    [InlineData("111222333", true)]
    [InlineData("123456782", true)]
    [InlineData("123456789", false)]
    [InlineData("12345678", false)]
    public void The_eleven_test(string digits, bool valid) => Assert.Equal(valid, PersonalDataGuard.PassesElevenTest(digits));
}
