using System.Net;
using Microsoft.EntityFrameworkCore;
using Community.Tests.Support;

namespace Community.Tests.Accounts;

public sealed class AccountFlowTests(Apps apps) : AppTest(apps)
{
    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Register_confirm_by_mail_sign_in_and_out(Db db)
    {
        var app = await App(db);
        using var browser = app.NewBrowser();
        var email = AppFactory.UniqueEmail("nieuw");

        var form = await browser.GetAsync("/account/registreren");
        var done = await browser.SubmitAsync(form, form.FormWithField("Input.Email"),
            ("Input.DisplayName", "Fleur de Vries"), ("Input.Email", email), ("Input.Password", "lange-zin-als-wachtwoord"), ("Input.ConfirmPassword", "lange-zin-als-wachtwoord"));
        done.AssertStatus(HttpStatusCode.OK);
        Assert.Contains($"We hebben een e-mail gestuurd naar {email}", done.Text);

        var mail = await app.Mail.SingleAsync(email, "Bevestig je e-mailadres");
        Assert.Contains("Hallo Fleur de Vries", mail.Text);
        Assert.StartsWith("http://localhost/account/bevestigen?", mail.AbsoluteLinkTo("/account/bevestigen"));

        var confirmed = await browser.GetAsync(mail.LinkTo("/account/bevestigen"));
        confirmed.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Je e-mailadres is bevestigd", confirmed.Text);

        await browser.SignInAsync(email, "lange-zin-als-wachtwoord");
        var profile = await browser.GetAsync("/account/profiel");
        profile.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Fleur de Vries", profile.ValueOf("Input.DisplayName"));

        await browser.SignOutAsync();
        var afterSignOut = await browser.GetAsync("/account/profiel");
        afterSignOut.AssertRedirect("http://localhost/account/inloggen");
    }

    [Theory]
    [InlineData("te..st@voorbeeld.nl")]
    [InlineData(".test@voorbeeld.nl")]
    public async Task An_address_no_mail_can_reach_is_refused_at_the_field_and_no_account_is_made(string email)
    {
        var app = await App();
        using var browser = app.NewBrowser();
        var form = await browser.GetAsync("/account/registreren");
        var again = await browser.SubmitAsync(form, form.FormWithField("Input.Email"),
            ("Input.DisplayName", "Punt Punt"), ("Input.Email", email), ("Input.Password", "lange-zin-als-wachtwoord"), ("Input.ConfirmPassword", "lange-zin-als-wachtwoord"));
        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Vul een geldig e-mailadres in.", again.ErrorFor("Input.Email"));
        Assert.Equal("Punt Punt", again.ValueOf("Input.DisplayName"));
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_confirmation_link_with_a_wrong_code_is_refused_with_a_message()
    {
        var app = await App();
        using var browser = app.NewBrowser();
        var user = await app.CreateUserAsync(confirmed: false);
        var page = await browser.GetAsync($"/account/bevestigen?userId={user.Id}&code=bm90LWEtdG9rZW4");
        page.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains("Deze link is ongeldig of verlopen", page.Text);
        var notBase64 = await browser.GetAsync($"/account/bevestigen?userId={user.Id}&code=%%%");
        Assert.Equal(HttpStatusCode.BadRequest, notBase64.Status);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Signing_in_before_confirming_is_refused_with_a_clear_message(Db db)
    {
        var app = await App(db);
        using var browser = app.NewBrowser();
        var user = await app.CreateUserAsync(confirmed: false);

        var page = await browser.TrySignInAsync(user.Email, user.Password);

        page.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Bevestig eerst je e-mailadres met de link uit de mail", page.ErrorFor("Input.Password"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/profiel")).Status);
    }

    [Fact]
    public async Task Registering_an_address_that_exists_looks_the_same_but_mails_the_owner()
    {
        var app = await App();
        var existing = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var form = await browser.GetAsync("/account/registreren");
        var done = await browser.SubmitAsync(form, form.FormWithField("Input.Email"),
            ("Input.DisplayName", "Iemand Anders"), ("Input.Email", existing.Email), ("Input.Password", "nog-een-wachtwoord"), ("Input.ConfirmPassword", "nog-een-wachtwoord"));
        Assert.Contains($"We hebben een e-mail gestuurd naar {existing.Email}", done.Text);
        var mail = await app.Mail.SingleAsync(existing.Email, "Je hebt al een account");
        Assert.Contains("/account/wachtwoord-vergeten", mail.Text);
    }

    [Fact]
    public async Task Registration_errors_are_shown_next_to_the_field_and_keep_what_was_typed()
    {
        var app = await App();
        using var browser = app.NewBrowser();
        var form = await browser.GetAsync("/account/registreren");
        var page = await browser.SubmitAsync(form, form.FormWithField("Input.Email"),
            ("Input.DisplayName", "Karel Appel"), ("Input.Email", "geen-adres"), ("Input.Password", "kort"), ("Input.ConfirmPassword", "anders"));
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Vul een geldig e-mailadres in.", page.ErrorFor("Input.Email"));
        Assert.Equal("Het wachtwoord moet minstens 10 tekens lang zijn.", page.ErrorFor("Input.Password"));
        Assert.Equal("De wachtwoorden zijn niet gelijk.", page.ErrorFor("Input.ConfirmPassword"));
        Assert.Equal("Karel Appel", page.ValueOf("Input.DisplayName"));
        Assert.Equal("geen-adres", page.ValueOf("Input.Email"));
        Assert.Empty(app.Mail.To("geen-adres"));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Five_wrong_passwords_lock_the_account_with_a_message(Db db)
    {
        var app = await App(db);
        using var browser = app.NewBrowser();
        var user = await app.CreateUserAsync();

        for (var i = 0; i < 4; i++)
        {
            var wrong = await browser.TrySignInAsync(user.Email, "verkeerd-wachtwoord");
            Assert.Equal("Het e-mailadres of wachtwoord klopt niet.", wrong.ErrorFor("Input.Password"));
        }
        var fifth = await browser.TrySignInAsync(user.Email, "verkeerd-wachtwoord");
        Assert.Contains("Je account is tijdelijk geblokkeerd", fifth.ErrorFor("Input.Password"));

        // Even the right password does not help until the lockout ends.
        var right = await browser.TrySignInAsync(user.Email, user.Password);
        right.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Je account is tijdelijk geblokkeerd", right.ErrorFor("Input.Password"));
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_message_as_a_wrong_password()
    {
        var app = await App();
        using var browser = app.NewBrowser();
        var page = await browser.TrySignInAsync(AppFactory.UniqueEmail("onbekend"), "wat-dan-ook-123");
        Assert.Equal("Het e-mailadres of wachtwoord klopt niet.", page.ErrorFor("Input.Password"));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Reset_password_through_the_mailed_link_also_ends_a_lockout(Db db)
    {
        var app = await App(db);
        using var browser = app.NewBrowser();
        var user = await app.CreateUserAsync();
        for (var i = 0; i < 5; i++) await browser.TrySignInAsync(user.Email, "verkeerd-wachtwoord");

        var forgot = await browser.GetAsync("/account/wachtwoord-vergeten");
        var sent = await browser.SubmitAsync(forgot, forgot.FormWithField("Input.Email"), ("Input.Email", user.Email));
        Assert.Contains("Als er een account bij dit adres hoort", sent.Text);

        var mail = await app.Mail.SingleAsync(user.Email, "Nieuw wachtwoord voor het Kennisplatform");
        var reset = await browser.GetAsync(mail.LinkTo("/account/wachtwoord-herstellen"));
        reset.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(user.Email, reset.ValueOf("Input.Email"));
        var saved = await browser.SubmitAsync(reset, reset.FormWithField("Input.Password"),
            ("Input.Password", "mijn-nieuwe-wachtwoord"), ("Input.ConfirmPassword", "mijn-nieuwe-wachtwoord"));
        saved.AssertRedirect("/account/inloggen");
        Assert.Contains("Je wachtwoord is gewijzigd", (await browser.FollowAsync(saved)).Text);

        Assert.Equal("Het e-mailadres of wachtwoord klopt niet.", (await browser.TrySignInAsync(user.Email, user.Password)).ErrorFor("Input.Password"));
        await browser.SignInAsync(user.Email, "mijn-nieuwe-wachtwoord");

        // The link works once.
        using var other = app.NewBrowser();
        var again = await other.GetAsync(mail.LinkTo("/account/wachtwoord-herstellen"));
        var reused = await other.SubmitAsync(again, again.FormWithField("Input.Password"),
            ("Input.Password", "nog-een-ander-wachtwoord"), ("Input.ConfirmPassword", "nog-een-ander-wachtwoord"));
        reused.AssertStatus(HttpStatusCode.OK);
        Assert.NotEmpty(reused.Errors);
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_looks_the_same_and_sends_nothing()
    {
        var app = await App();
        using var browser = app.NewBrowser();
        var email = AppFactory.UniqueEmail("niemand");
        var forgot = await browser.GetAsync("/account/wachtwoord-vergeten");
        var sent = await browser.SubmitAsync(forgot, forgot.FormWithField("Input.Email"), ("Input.Email", email));
        Assert.Contains("Als er een account bij dit adres hoort", sent.Text);
        Assert.Empty(app.Mail.To(email));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Change_password_keeps_this_session_and_the_new_password_works(Db db)
    {
        var app = await App(db);
        var (browser, user) = await app.SignedInAsync();
        using var _ = browser;

        var form = await browser.GetAsync("/account/wachtwoord-wijzigen");
        var wrongCurrent = await browser.SubmitAsync(form, form.FormWithField("Input.CurrentPassword"),
            ("Input.CurrentPassword", "niet-mijn-wachtwoord"), ("Input.NewPassword", "een-heel-nieuw-wachtwoord"), ("Input.ConfirmPassword", "een-heel-nieuw-wachtwoord"));
        wrongCurrent.AssertStatus(HttpStatusCode.OK);
        Assert.NotNull(wrongCurrent.ErrorFor("Input.CurrentPassword"));

        var changed = await browser.SubmitAsync(form, form.FormWithField("Input.CurrentPassword"),
            ("Input.CurrentPassword", user.Password), ("Input.NewPassword", "een-heel-nieuw-wachtwoord"), ("Input.ConfirmPassword", "een-heel-nieuw-wachtwoord"));
        changed.AssertRedirect("/account/profiel");
        var profile = await browser.FollowAsync(changed);
        profile.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Je wachtwoord is gewijzigd.", profile.Text);

        await browser.SignOutAsync();
        Assert.NotNull((await browser.TrySignInAsync(user.Email, user.Password)).ErrorFor("Input.Password"));
        await browser.SignInAsync(user.Email, "een-heel-nieuw-wachtwoord");
    }

    [Fact]
    public async Task Resend_confirmation_sends_a_new_working_link()
    {
        var app = await App();
        var user = await app.CreateUserAsync(confirmed: false);
        using var browser = app.NewBrowser();
        var form = await browser.GetAsync("/account/bevestiging-opnieuw");
        var sent = await browser.SubmitAsync(form, form.FormWithField("Input.Email"), ("Input.Email", user.Email));
        sent.AssertStatus(HttpStatusCode.OK);
        var mail = await app.Mail.SingleAsync(user.Email, "Bevestig je e-mailadres");
        Assert.Contains("Je e-mailadres is bevestigd", (await browser.GetAsync(mail.LinkTo("/account/bevestigen"))).Text);
        await browser.SignInAsync(user.Email, user.Password);
    }

    [Fact]
    public async Task A_members_only_page_sends_you_to_sign_in_and_back()
    {
        var app = await App();
        var user = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var redirect = await browser.GetAsync("/leden?q=jeugd");
        redirect.AssertRedirect("http://localhost/account/inloggen?ReturnUrl=");
        var login = await browser.GetAsync(redirect.Location!);
        var signedIn = await browser.SubmitAsync(login, login.FormWithField("Input.Email"), ("Input.Email", user.Email), ("Input.Password", user.Password));
        Assert.Equal("/leden?q=jeugd", signedIn.Location);
        (await browser.FollowAsync(signedIn)).AssertStatus(HttpStatusCode.OK);
    }
}
