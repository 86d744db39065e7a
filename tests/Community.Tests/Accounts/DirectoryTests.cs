using System.Net;
using Community.Tests.Support;

namespace Community.Tests.Accounts;

public sealed class DirectoryTests(Apps apps) : AppTest(apps)
{
    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task The_member_directory_finds_people_by_name_municipality_and_tag(Db db)
    {
        var app = await App(db);
        var marker = Guid.NewGuid().ToString("N")[..6];
        var anouk = await app.CreateUserAsync(name: $"Anouk {marker} Jansen", municipality: "Winterswijk", organisation: "Gemeente Winterswijk", tags: $"jeugdhulp, tag{marker}");
        var bram = await app.CreateUserAsync(name: $"Bram {marker} Wolters", municipality: "Doetinchem", tags: "schuldhulp");
        var hidden = await app.CreateUserAsync(name: $"Onbevestigd {marker}", confirmed: false);
        var (browser, _) = await app.SignedInAsync();
        using var _b = browser;

        var byName = await browser.GetAsync($"/leden?q={marker}");
        byName.AssertStatus(HttpStatusCode.OK);
        Assert.Contains($"/leden/{anouk.Id}", byName.Links);
        Assert.Contains($"/leden/{bram.Id}", byName.Links);
        Assert.DoesNotContain($"/leden/{hidden.Id}", byName.Links);
        Assert.Contains("2 leden gevonden", byName.Text);

        var winterswijk = byName.Document.QuerySelectorAll("#gemeente option").Single(o => o.TextContent.Trim() == "Winterswijk").GetAttribute("value");
        var byMunicipality = await browser.GetAsync($"/leden?q={marker}&gemeente={winterswijk}");
        Assert.Contains($"/leden/{anouk.Id}", byMunicipality.Links);
        Assert.DoesNotContain($"/leden/{bram.Id}", byMunicipality.Links);

        var byTag = await browser.GetAsync($"/leden?tag=tag{marker}");
        Assert.Contains($"/leden/{anouk.Id}", byTag.Links);
        Assert.DoesNotContain($"/leden/{bram.Id}", byTag.Links);
        Assert.Contains("1 leden gevonden", byTag.Text);

        var byTagInQuery = await browser.GetAsync("/leden?q=" + Uri.EscapeDataString($"tag{marker}"));
        Assert.Contains($"/leden/{anouk.Id}", byTagInQuery.Links);

        var profile = await browser.GetAsync($"/leden/{anouk.Id}");
        Assert.Contains("Gemeente Winterswijk", profile.Text);
        Assert.Contains($"tag{marker}", profile.Text);
    }

    [Fact]
    public async Task A_community_member_list_is_searchable_by_municipality_and_tag()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var marker = Guid.NewGuid().ToString("N")[..6];
        var aalten = await app.CreateUserAsync(name: "Lid Aalten", municipality: "Aalten", tags: $"wijk{marker}");
        var berkelland = await app.CreateUserAsync(name: "Lid Berkelland", municipality: "Berkelland");
        await app.AddMemberAsync(slug, aalten, admin);
        await app.AddMemberAsync(slug, berkelland, admin);
        using var browser = await app.SignInAsAsync(aalten);

        var all = await browser.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        Assert.Contains("3 leden", all.Text);
        var byMunicipality = await browser.GetAsync($"/pilots/{slug}/leergemeenschap/leden?q=berkel");
        Assert.Contains("Lid Berkelland", byMunicipality.Text);
        Assert.DoesNotContain("Lid Aalten", byMunicipality.Text);
        var byTag = await browser.GetAsync($"/pilots/{slug}/leergemeenschap/leden?q=wijk{marker}");
        Assert.Contains("Lid Aalten", byTag.Text);
        Assert.DoesNotContain("Lid Berkelland", byTag.Text);
    }

    [Fact]
    public async Task Saving_the_profile_shows_it_to_others()
    {
        var app = await App();
        var (browser, user) = await app.SignedInAsync();
        using var _b = browser;
        var form = await browser.GetAsync("/account/profiel");
        var saved = await browser.SubmitAsync(form, form.FormWithField("Input.DisplayName"),
            ("Input.DisplayName", "Carla Hendriks"), ("Input.Organisation", "Hogeschool Achterhoek"),
            ("Input.MunicipalityId", form.Document.QuerySelectorAll("#Input_MunicipalityId option").Single(o => o.TextContent == "Aalten").GetAttribute("value")),
            ("Input.JobRole", "Lector sociaal werk"), ("Input.WorkingOn", "Lerende netwerken"), ("Input.Tags", "#Onderzoek, studenten;  onderzoek"));
        saved.AssertRedirect("/account/profiel");
        Assert.Contains("Je profiel is opgeslagen.", (await browser.FollowAsync(saved)).Text);

        var (other, _) = await app.SignedInAsync();
        using var _o = other;
        var profile = await other.GetAsync($"/leden/{user.Id}");
        foreach (var text in new[] { "Carla Hendriks", "Hogeschool Achterhoek", "Aalten", "Lector sociaal werk", "Lerende netwerken" })
            Assert.Contains(text, profile.Text);
        Assert.Equal(["onderzoek", "studenten"], profile.Document.QuerySelectorAll("a[href^='/leden?tag=']").Select(a => a.TextContent).ToArray());
    }
}
