using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Community.Core.Accounts;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.EndToEnd.Support;
using Community.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

/// <summary>
/// Every payload of the shared XSS corpus (tests/Shared/XssPayloads.cs) as a thread title, an opening post, a reply,
/// a tag where it fits one, and a revision; then the pages that show them, in Chromium. No script may run (a trap
/// replaces alert, confirm and prompt before any page script) and none may be in the HTML the server sent: the
/// strict Content-Security-Policy would block inline script anyway, so the HTML itself is checked as well.
/// </summary>
public sealed partial class DiscussionXssTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private const string Slug = Demo.OpenPilot;

    // Runs in every document and frame before the page's own script.
    private const string Trap = """
        window.__xss = [];
        for (const name of ['alert', 'confirm', 'prompt']) {
            window[name] = (...args) => { window.__xss.push(name + '(' + args.join(',') + ')'); return null; };
        }
        """;

    // What the browser built from the page: checked after load, so whatever a payload could add by script counts too.
    // axe-core adds <style> copies of the stylesheets while it runs; the served HTML is checked for <style> instead.
    private const string DomCheck = """
        () => {
            const bad = [];
            const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href', 'srcset', 'ping'];
            for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) {
                    const name = a.name.toLowerCase();
                    if (name.startsWith('on') || name === 'style' || name === 'srcdoc') bad.push(`${el.localName}[${name}]`);
                    if (urlAttributes.includes(name) && /^(javascript|vbscript|data):/i.test(a.value.replace(/[\u0000-\u0020]/g, '')))
                        bad.push(`${el.localName}[${name}=${a.value}]`);
                }
            }
            for (const s of document.querySelectorAll('script'))
                if (!s.src || new URL(s.src).pathname !== '/dist/site.js' || s.textContent.trim()) bad.push('script ' + s.outerHTML);
            for (const e of document.querySelectorAll('iframe, frame, object, embed, svg, math, base, meta[http-equiv]')) bad.push(e.outerHTML);
            return bad;
        }
        """;

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset", "ping"];

    [Fact]
    public Task No_payload_runs_or_reaches_the_HTML_as_markup() => RunAsync(async () =>
    {
        var payloads = XssPayloads.All;
        var authorEmail = await App.CreateUserAsync("Xander Schrijver");
        var viewerEmail = await App.CreateUserAsync("Vera Lezer");
        var author = await JoinAsync(authorEmail);
        var viewer = await JoinAsync(viewerEmail);

        var member = await NewSessionAsync();
        var page = member.Page;
        var dialogs = new ConcurrentQueue<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Enqueue($"{page.Url}: {dialog.Type}({dialog.Message})");
            _ = dialog.DismissAsync();
        };
        await member.Context.AddInitScriptAsync(Trap);
        await ProveTheTrapCatchesAsync(member.Context);
        await member.SignInAsync(viewerEmail);

        // Two through the real forms, with the live preview open (it puts the server's HTML into the page).
        var threads = new List<Made>();
        for (var i = 0; i < 2; i++)
            threads.Add(await PostThroughFormsAsync(member, payloads[i], checkPreview: i == 0));

        // Every payload through the service the pages call, up to three to a thread to save pages to visit: the
        // title holds them all, the opening post (by the viewer, so she gets its edit and delete forms) the first, a
        // reply each (by another member: vote, quote and report forms) the others. One more thread has every payload
        // as a reply and, edited through all of them, every payload in its history.
        int historyThread, historyOpening, historyReply;
        using (var scope = App.Services.CreateScope())
        {
            var discussions = scope.ServiceProvider.GetRequiredService<DiscussionService>();
            foreach (var group in GroupForTitles(payloads))
            {
                var title = string.Join(" ", group);
                var id = await discussions.CreateThreadAsync(Slug, new ThreadInput(threads.Count % 2 == 0 ? ThreadKind.Question : ThreadKind.Discussion,
                    title, group[0], string.Join(",", group.Where(FitsTag)), ConfirmedNoPersonalData: true), viewer);
                var replyIds = new List<int>();
                foreach (var p in group.Skip(1)) replyIds.Add(await discussions.ReplyAsync(Slug, id, p, true, author));
                threads.Add(new Made(id, title, group[0], (await discussions.GetAsync(Slug, id, viewer)).Opening.Id, replyIds.FirstOrDefault(), group.Skip(1).FirstOrDefault() ?? ""));
            }

            const string allTitle = "Alle aanvallen als reactie";
            historyThread = await discussions.CreateThreadAsync(Slug, new ThreadInput(ThreadKind.Discussion, allTitle, payloads[0], null, true), viewer);
            for (var i = 0; i < payloads.Count; i++)
                await discussions.ReplyAsync(Slug, historyThread, payloads[i], true, i % 2 == 0 ? author : viewer);
            historyReply = (await discussions.GetAsync(Slug, historyThread, viewer)).Replies.First(r => r.AuthorId == viewer.UserId).Id;
            historyOpening = (await discussions.GetAsync(Slug, historyThread, viewer)).Opening.Id;
            foreach (var p in payloads.Append(allTitle))
                await discussions.EditAsync(Slug, historyThread, historyOpening, p, p + "\n\nbewerkt", null, true, viewer);
            await discussions.EditAsync(Slug, historyThread, historyReply, null, payloads[0], null, true, viewer);
            threads.Add(new Made(historyThread, allTitle, allTitle + "\n\nbewerkt", historyOpening, historyReply, payloads[0]));
        }
        await AssertCleanAsync(member, await member.VisitAsync($"/pilots/{Slug}/discussies/{historyThread}/berichten/{historyOpening}/geschiedenis"));
        Assert.True(await page.Locator(".kp-revision").CountAsync() > payloads.Count, "The history lacks revisions.");
        await AssertCleanAsync(member, await member.VisitAsync($"/pilots/{Slug}/discussies/{historyThread}/berichten/{historyReply}/geschiedenis"));

        // The list, newest first, until every thread has been on a page; the titles are there as text.
        var unseen = threads.Select(t => t.Id).ToHashSet();
        for (var pagina = 1; unseen.Count > 0; pagina++)
        {
            Assert.True(pagina <= 5, $"Threads {string.Join(", ", unseen)} are not on the first pages of the list.");
            var response = await member.VisitAsync($"/pilots/{Slug}/discussies?sorteer=Newest&pagina={pagina}");
            await AssertCleanAsync(member, response);
            foreach (var href in await page.Locator(".kp-thread-list h2 a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
                if (ThreadHref().Match(href) is { Success: true } m) unseen.Remove(int.Parse(m.Groups[1].Value));
        }
        foreach (var tag in payloads.Where(FitsTag).Take(2))
            await AssertCleanAsync(member, await member.VisitAsync($"/pilots/{Slug}/discussies?label={Uri.EscapeDataString(tag)}"));
        await AssertCleanAsync(member, await member.VisitAsync($"/pilots/{Slug}/leergemeenschap"));

        // Every thread page: the title in <title>, the heading and the breadcrumbs, the posts.
        foreach (var t in threads)
        {
            await AssertCleanAsync(member, await member.VisitAsync(DiscussionUrls.Thread(Slug, t.Id, t.Title)));
            Assert.Equal(Collapse(t.Title), Collapse(await page.Locator("h1").InnerTextAsync()));
        }
        Assert.Equal(payloads.Count, await page.Locator(".kp-replies .kp-markdown").CountAsync());

        // Where a payload lands in a form field: "</textarea>" would end a text area, "\">" an input's value.
        foreach (var marker in new[] { "</textarea>", "\">" })
        {
            var t = threads.First(t => t.Title.Contains(marker, StringComparison.Ordinal) && t.ReplyId != 0);
            await AssertCleanAsync(member, await member.VisitAsync($"{DiscussionUrls.Thread(Slug, t.Id, t.Title)}?citeer={t.ReplyId}"));
            Assert.Contains(t.Reply.Split('\n')[0], await page.Locator(".kp-reply textarea").InputValueAsync(), StringComparison.Ordinal);
            await AssertCleanAsync(member, await member.VisitAsync($"/pilots/{Slug}/discussies/{t.Id}/berichten/{t.OpeningId}/bewerken"));
            Assert.Equal(t.Title, await page.Field("Titel").InputValueAsync());
            Assert.Equal(t.Body, await page.Field("Tekst").InputValueAsync());
        }

        // Late runners (an image's onerror, a details' ontoggle) have had the page's lifetime; give the last one a moment.
        await page.WaitForTimeoutAsync(300);
        await AssertTrapEmptyAsync(page);
        Assert.True(dialogs.IsEmpty, "A payload opened a dialog: " + string.Join("; ", dialogs));
    });

    private sealed record Made(int Id, string Title, string Body, int OpeningId, int ReplyId, string Reply);

    private async Task<Actor> JoinAsync(string email)
    {
        using var scope = App.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException(email);
        var actor = new Actor(user.Id, false);
        await scope.ServiceProvider.GetRequiredService<CommunityService>().JoinAsync(Slug, null, actor);
        return actor;
    }

    /// <summary>The trap must see a payload that does run, else an empty trap proves nothing.</summary>
    private static async Task ProveTheTrapCatchesAsync(IBrowserContext context)
    {
        var probe = await context.NewPageAsync();
        try
        {
            // A page without the app's CSP, served by the browser itself.
            await probe.RouteAsync("**/xss-probe", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<img src=x onerror=alert('probe')>" }));
            await probe.RouteAsync("**/x", route => route.AbortAsync());
            await probe.GotoAsync("/xss-probe");
            await probe.WaitForFunctionAsync("() => window.__xss.length > 0");
            Assert.Equal(new[] { "alert(probe)" }, await probe.EvaluateAsync<string[]>("() => window.__xss"));
        }
        finally
        {
            await probe.CloseAsync();
        }
    }

    private async Task<Made> PostThroughFormsAsync(Session member, string payload, bool checkPreview)
    {
        var page = member.Page;
        await member.VisitAsync($"/pilots/{Slug}/discussies/nieuw");
        await page.GetByLabel("Discussie", new() { Exact = true }).CheckAsync();
        await page.Field("Titel").FillAsync(payload);
        await page.Field("Tekst").FillAsync(payload);
        if (FitsTag(payload)) await page.Field("Labels").FillAsync(payload);
        await OpenPreviewAsync(member, checkPreview);
        await member.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Plaatsen", Exact = true }));
        var match = ThreadHref().Match(new Uri(page.Url).AbsolutePath);
        Assert.True(match.Success, $"Posting the thread landed on {page.Url}.");
        await AssertTrapEmptyAsync(page);
        Assert.Empty(await page.EvaluateAsync<string[]>(DomCheck));
        await Expect(page.Locator("h1")).ToHaveTextAsync(payload);
        var opening = int.Parse((await page.Locator("article.kp-post").First.GetAttributeAsync("id"))!["bericht-".Length..]);

        await page.Field("Reactie").FillAsync(payload);
        await OpenPreviewAsync(member, checkPreview);
        await member.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Plaatsen", Exact = true }));
        await Expect(page.Locator("main")).ToContainTextAsync("Je reactie is geplaatst.");
        await Expect(page.Locator(".kp-replies .kp-markdown")).ToHaveCountAsync(1);
        await AssertTrapEmptyAsync(page);
        var reply = int.Parse(new Uri(page.Url).Fragment["#bericht-".Length..]);
        return new Made(int.Parse(match.Groups[1].Value), payload, payload, opening, reply, payload);
    }

    private static async Task OpenPreviewAsync(Session member, bool checkAccessibility)
    {
        var page = member.Page;
        await page.Locator(".kp-preview__toggle").ClickAsync();
        await Expect(page.Locator(".kp-preview__panel .kp-markdown")).Not.ToBeEmptyAsync();
        await Expect(page.Locator(".kp-preview__panel .kp-markdown")).Not.ToHaveTextAsync("Nog niets om te tonen.");
        if (checkAccessibility) await member.CheckAccessibilityAsync("preview open");
        await AssertTrapEmptyAsync(page);
        Assert.Empty(await page.EvaluateAsync<string[]>(DomCheck));
    }

    private static async Task AssertCleanAsync(Session member, IResponse response)
    {
        var where = new Uri(response.Url).PathAndQuery;
        AssertCleanHtml(where, await response.TextAsync());
        var dom = await member.Page.EvaluateAsync<string[]>(DomCheck);
        Assert.True(dom.Length == 0, $"{where}: in the page: {string.Join("; ", dom)}");
        await AssertTrapEmptyAsync(member.Page);
    }

    private static async Task AssertTrapEmptyAsync(IPage page)
    {
        var caught = await page.EvaluateAsync<string[]?>("() => window.__xss ?? null");
        Assert.True(caught is not null, $"{page.Url}: the trap was not installed.");
        Assert.True(caught.Length == 0, $"{page.Url}: a payload ran: {string.Join("; ", caught)}");
    }

    /// <summary>The HTML as the server sent it: the app's one script bundle and no markup that came from a payload.</summary>
    private static void AssertCleanHtml(string where, string html)
    {
        var problems = new List<string>();
        var document = new HtmlParser().ParseDocument(html);
        var scripts = document.QuerySelectorAll("script");
        foreach (var script in scripts)
            if (script.GetAttribute("src") is not { } src || !src.StartsWith("/dist/site.js", StringComparison.Ordinal) || script.TextContent.Trim().Length > 0)
                problems.Add("script: " + script.OuterHtml);
        foreach (var element in document.QuerySelectorAll("iframe, frame, object, embed, svg, math, style, base, meta[http-equiv]"))
            problems.Add(element.OuterHtml);
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name.ToLowerInvariant();
                if (name.StartsWith("on", StringComparison.Ordinal) || name is "style" or "srcdoc")
                    problems.Add($"<{element.LocalName} {name}=\"{attribute.Value}\">");
                if (UrlAttributes.Contains(name) && ScriptUrl().IsMatch(new string(attribute.Value.Where(c => c > ' ').ToArray())))
                    problems.Add($"<{element.LocalName} {name}=\"{attribute.Value}\">");
            }
        }
        // Not only what this parser makes of it: a raw "<script" or "<svg" in the bytes is markup in some parser.
        var rawTags = RawDangerousTag().Matches(html).Count;
        if (rawTags != scripts.Length) problems.Add($"{rawTags} raw <script>/<svg>/<iframe>/<object>/<embed>/<math>/<style>/<base> tags, {scripts.Length} parsed scripts");
        Assert.True(problems.Count == 0, $"{where}: in the served HTML: {string.Join("; ", problems)}");
    }

    /// <summary>Consecutive payloads, up to three, as long as they fit one title together.</summary>
    private static List<string[]> GroupForTitles(IReadOnlyList<string> payloads)
    {
        var groups = new List<string[]>();
        var current = new List<string>();
        foreach (var p in payloads)
        {
            if (current.Count == 3 || current.Count > 0 && string.Join(" ", current.Append(p)).Length > DiscussionRules.TitleMaxLength)
            {
                groups.Add([.. current]);
                current.Clear();
            }
            current.Add(p);
        }
        if (current.Count > 0) groups.Add([.. current]);
        return groups;
    }

    private static bool FitsTag(string payload) => payload.Length <= DiscussionRules.TagMaxLength && payload.IndexOfAny([',', ';', '\n']) < 0;

    private static string Collapse(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    [GeneratedRegex(@"/discussies/(\d+)(/|$)")]
    private static partial Regex ThreadHref();

    [GeneratedRegex(@"^(javascript|vbscript|data):", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptUrl();

    [GeneratedRegex(@"<\s*(script|svg|iframe|object|embed|math|style|base)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RawDangerousTag();
}
