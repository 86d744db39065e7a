using System.Net;
using Community.Tests.Support;

namespace Community.Tests.Admin;

public sealed class AdminTests(Apps apps) : AppTest(apps)
{
    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_blocked_user_cannot_sign_in_until_unblocked_and_a_password_reset_does_not_lift_the_block(Db db)
    {
        var app = await App(db);
        var (admin, _) = await app.SignedInAsync(admin: true);
        using var _a = admin;
        var user = await app.CreateUserAsync(name: "Geblokkeerde " + Guid.NewGuid().ToString("N")[..6]);

        var users = await admin.GetAsync("/beheer/gebruikers?q=" + Uri.EscapeDataString(user.Email));
        Assert.Contains(user.DisplayName, users.Text);
        var locked = await admin.SubmitAsync(users, users.FormForHandler("Lock", user.Id));
        locked.AssertRedirect();
        Assert.Contains("De gebruiker is geblokkeerd.", (await admin.FollowAsync(locked)).Text);

        using var browser = app.NewBrowser();
        Assert.Contains("geblokkeerd door een beheerder", (await browser.TrySignInAsync(user.Email, user.Password)).ErrorFor("Input.Password"));
        // Without the password nobody learns that an admin blocked this address.
        Assert.Equal("Het e-mailadres of wachtwoord klopt niet.", (await browser.TrySignInAsync(user.Email, "raden-naar-het-wachtwoord")).ErrorFor("Input.Password"));

        // A reset mail does not unblock: the block is the admin's.
        var forgot = await browser.GetAsync("/account/wachtwoord-vergeten");
        await browser.SubmitAsync(forgot, forgot.FormWithField("Input.Email"), ("Input.Email", user.Email));
        var reset = await browser.GetAsync((await app.Mail.SingleAsync(user.Email, "Nieuw wachtwoord")).LinkTo("/account/wachtwoord-herstellen"));
        (await browser.SubmitAsync(reset, reset.FormWithField("Input.Password"), ("Input.Password", "na-reset-nog-steeds"), ("Input.ConfirmPassword", "na-reset-nog-steeds"))).AssertRedirect();
        Assert.Contains("door een beheerder", (await browser.TrySignInAsync(user.Email, "na-reset-nog-steeds")).ErrorFor("Input.Password"));

        users = await admin.GetAsync("/beheer/gebruikers?q=" + Uri.EscapeDataString(user.Email));
        (await admin.SubmitAsync(users, users.FormForHandler("Unlock", user.Id))).AssertRedirect();
        await browser.SignInAsync(user.Email, "na-reset-nog-steeds");

        // The audit log on the admin home names what happened.
        var home = await admin.GetAsync("/beheer");
        Assert.Contains("user.lock", home.Text);
        Assert.Contains("user.unlock", home.Text);
    }

    [Fact]
    public async Task An_admin_cannot_block_themselves_or_drop_their_own_rights()
    {
        var app = await App();
        var (admin, me) = await app.SignedInAsync(admin: true);
        using var _a = admin;
        var users = await admin.GetAsync("/beheer/gebruikers?q=" + Uri.EscapeDataString(me.Email));
        var lockSelf = await admin.SubmitAsync(users, users.FormForHandler("Lock", me.Id));
        lockSelf.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Je kunt jezelf niet blokkeren.", lockSelf.Errors);
        var dropSelf = await admin.SubmitAsync(users, users.FormForHandler("RemoveAdmin", me.Id));
        Assert.Contains("Je kunt je eigen beheerrechten niet intrekken.", dropSelf.Errors);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/beheer")).Status);
    }

    [Fact]
    public async Task Making_someone_admin_gives_them_the_admin_pages_and_taking_it_back_removes_them()
    {
        var app = await App();
        var (admin, _) = await app.SignedInAsync(admin: true);
        using var _a = admin;
        var (colleague, user) = await app.SignedInAsync();
        using var _c = colleague;
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync("/beheer")).Status);

        var users = await admin.GetAsync("/beheer/gebruikers?q=" + Uri.EscapeDataString(user.Email));
        (await admin.SubmitAsync(users, users.FormForHandler("MakeAdmin", user.Id))).AssertRedirect();
        // The role is in the sign-in cookie: it counts from the next sign-in.
        await colleague.SignOutAsync();
        await colleague.SignInAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/beheer")).Status);
        Assert.Contains("/pilots/nieuw", (await colleague.GetAsync("/pilots")).Links);

        users = await admin.GetAsync("/beheer/gebruikers?q=" + Uri.EscapeDataString(user.Email));
        (await admin.SubmitAsync(users, users.FormForHandler("RemoveAdmin", user.Id))).AssertRedirect();
        await colleague.SignOutAsync();
        await colleague.SignInAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync("/beheer")).Status);
    }

    [Theory]
    [InlineData("gemeenten", "Lochem", "Deze gemeente bestaat al.")]
    [InlineData("themas", "Mantelzorg", "Dit thema bestaat al.")]
    public async Task Municipalities_and_themes_are_added_renamed_and_deleted_unless_in_use(string kind, string name, string duplicate)
    {
        var app = await App();
        var (admin, me) = await app.SignedInAsync(admin: true);
        using var _a = admin;
        var unique = $"{name} {Guid.NewGuid().ToString("N")[..5]}";
        var list = await admin.GetAsync($"/beheer/{kind}");
        var added = await admin.SubmitAsync(list, list.FormForHandler("Add"), ("Name", unique));
        added.AssertRedirect($"/beheer/{kind}");
        list = await admin.FollowAsync(added);
        Assert.Contains("Toegevoegd.", list.Text);
        Assert.Contains(unique, list.Text);

        var again = await admin.SubmitAsync(list, list.FormForHandler("Add"), ("Name", unique));
        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(duplicate, again.ErrorFor("Name"));
        Assert.Equal(unique, again.ValueOf("Name"));
        var empty = await admin.SubmitAsync(list, list.FormForHandler("Add"), ("Name", "  "));
        Assert.Equal("Vul een naam in van maximaal 100 tekens.", empty.ErrorFor("Name"));

        // The new item is offered in the pilot form, and then is in use.
        var id = list.Document.QuerySelectorAll("input[name=name]").Single(i => i.GetAttribute("value") == unique).Id!["name-".Length..];
        // A refused rename is told at that row, which keeps what was typed; the add field stays empty.
        var existing = list.Document.QuerySelectorAll("input[name=name]").First(i => i.GetAttribute("value") != unique).GetAttribute("value")!;
        var clash = await admin.SubmitAsync(list, list.FormForHandler("Rename", $"id={id}"), ("name", existing));
        clash.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(duplicate, clash.Document.GetElementById($"name-{id}-error")?.TextContent);
        Assert.Equal(existing, clash.Document.GetElementById($"name-{id}")!.GetAttribute("value"));
        Assert.Null(clash.ErrorFor("Name"));
        Assert.Contains($"#name-{id}", clash.Document.QuerySelectorAll("[role=alert] li a").Select(a => a.GetAttribute("href")));
        var renamed = await admin.SubmitAsync(list, list.FormForHandler("Rename", $"id={id}"), ("name", unique + " Oost"));
        renamed.AssertRedirect();
        var form = await admin.GetAsync("/pilots/nieuw");
        Assert.Equal(id, form.ValueForLabel(unique + " Oost"));
        await app.CreatePilotAsync(me, municipalities: kind == "gemeenten" ? [unique + " Oost"] : null, themes: kind == "themas" ? [unique + " Oost"] : null);

        list = await admin.GetAsync($"/beheer/{kind}");
        var refused = await admin.SubmitAsync(list, list.FormForHandler("Delete", $"id={id}"));
        refused.AssertStatus(HttpStatusCode.OK);
        Assert.Contains(refused.Errors, e => e.Contains("hoort bij een of meer pilots en kan niet weg", StringComparison.Ordinal));

        var (spare, spareId) = (unique + " Reserve", "");
        list = await admin.FollowAsync(await admin.SubmitAsync(list, list.FormForHandler("Add"), ("Name", spare)));
        spareId = list.Document.QuerySelectorAll("input[name=name]").Single(i => i.GetAttribute("value") == spare).Id!["name-".Length..];
        (await admin.SubmitAsync(list, list.FormForHandler("Delete", $"id={spareId}"))).AssertRedirect();
        Assert.DoesNotContain(spare, (await admin.GetAsync($"/beheer/{kind}")).Text);
    }
}
