using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Community.Tests.Support;

/// <summary>One response, parsed: what a user would see (text, forms, messages) and what a browser would do (status, Location).</summary>
public sealed class Page
{
    private static readonly HtmlParser Parser = new();
    private IHtmlDocument? _document;

    public Page(string url, HttpResponseMessage response, string html)
    {
        Url = url;
        Status = response.StatusCode;
        Html = html;
        Response = response;
        Location = response.Headers.Location?.OriginalString;
    }

    public string Url { get; }
    public HttpStatusCode Status { get; }
    public string Html { get; }
    public HttpResponseMessage Response { get; }
    public string? Location { get; }
    public IHtmlDocument Document => _document ??= Parser.ParseDocument(Html);

    /// <summary>The visible text of the main content, whitespace collapsed.</summary>
    public string Text => Collapse((Document.QuerySelector("main") ?? Document.Body)?.TextContent ?? "");

    /// <summary>The messages of the error summary (role=alert) and the field errors (the elements that aria-describedby points at).</summary>
    public IReadOnlyList<string> Errors =>
        Document.QuerySelectorAll("[role=alert] li").Select(e => Collapse(e.TextContent))
            .Concat(Document.QuerySelectorAll("[aria-invalid=true]")
                .SelectMany(e => (e.GetAttribute("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(id => id.EndsWith("-error", StringComparison.Ordinal))
                .Select(id => Document.GetElementById(id)?.TextContent ?? "")
                .Select(Collapse))
            .Where(x => x.Length > 0).Distinct().ToList();

    public string? ErrorFor(string fieldName)
    {
        var id = fieldName.Replace('.', '_').Replace('[', '_').Replace(']', '_');
        return Document.GetElementById(id + "-error")?.TextContent is { } t ? Collapse(t) : null;
    }

    /// <summary>The value a field shows (input value, textarea text, selected option).</summary>
    public string? ValueOf(string name)
    {
        var element = Document.QuerySelectorAll("[name]").FirstOrDefault(e => e.GetAttribute("name") == name);
        return element switch
        {
            IHtmlTextAreaElement t => t.Value,
            IHtmlSelectElement s => s.Options.FirstOrDefault(o => o.IsSelected)?.Value,
            IHtmlInputElement i => i.GetAttribute("value"),
            _ => null,
        };
    }

    public IHtmlFormElement Form(Func<IHtmlFormElement, bool> predicate, string what) =>
        Document.Forms.FirstOrDefault(predicate) ?? throw new Xunit.Sdk.XunitException($"No form {what} on {Url} ({(int)Status}):\n{Text}");

    /// <summary>The form posting to the given page handler (?handler=Join), optionally for one route value such as a user id.</summary>
    public IHtmlFormElement FormForHandler(string handler, string? containing = null) =>
        Form(f => (f.GetAttribute("action") ?? "").Contains("handler=" + handler, StringComparison.Ordinal)
            && (containing is null || (f.GetAttribute("action") ?? "").Contains(containing, StringComparison.Ordinal)), $"for handler {handler} {containing}");

    /// <summary>The form that has a field with this name.</summary>
    public IHtmlFormElement FormWithField(string name) =>
        Form(f => f.QuerySelectorAll("[name]").Any(e => e.GetAttribute("name") == name), $"with field {name}");

    /// <summary>The value of the checkbox or radio button whose label reads <paramref name="label"/>.</summary>
    public string ValueForLabel(string label)
    {
        var element = Document.QuerySelectorAll("label[for]").FirstOrDefault(l => Collapse(l.TextContent) == label)
            ?.GetAttribute("for") is { } id ? Document.GetElementById(id) : null;
        return element?.GetAttribute("value") ?? throw new Xunit.Sdk.XunitException($"No field labelled '{label}' on {Url}.");
    }

    public IReadOnlyList<string> Links => Document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();

    public void AssertStatus(HttpStatusCode expected)
    {
        if (Status != expected)
            throw new Xunit.Sdk.XunitException($"Expected {(int)expected} from {Url}, got {(int)Status} {Location}\n{Text}");
    }

    public void AssertRedirect(string? toStartingWith = null)
    {
        if ((int)Status is < 300 or >= 400 || (toStartingWith is not null && !(Location ?? "").StartsWith(toStartingWith, StringComparison.Ordinal)))
            throw new Xunit.Sdk.XunitException($"Expected a redirect to {toStartingWith} from {Url}, got {(int)Status} {Location}\nErrors: {string.Join(" | ", Errors)}\n{Text}");
    }

    public static string Collapse(string s) => Regex.Replace(s, @"\s+", " ").Trim();
}

/// <summary>A cookie-keeping client that behaves like a browser without JavaScript: it reads forms and posts them with their antiforgery token.</summary>
public sealed class Browser(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<Page> GetAsync(string url)
    {
        using var response = await http.GetAsync(url);
        return new Page(url, response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET and follow redirects (at most five), as a browser would.</summary>
    public async Task<Page> OpenAsync(string url)
    {
        var page = await GetAsync(url);
        for (var i = 0; i < 5 && page.Location is not null && (int)page.Status is >= 300 and < 400; i++) page = await GetAsync(page.Location);
        return page;
    }

    public async Task<Page> FollowAsync(Page page)
    {
        page.AssertRedirect();
        return await OpenAsync(page.Location!);
    }

    /// <summary>Posts raw fields; the antiforgery token is taken from a fresh page first unless <paramref name="antiforgery"/> is false.</summary>
    public async Task<Page> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, bool antiforgery = true)
    {
        var list = fields.ToList();
        if (antiforgery && list.All(f => f.Key != "__RequestVerificationToken"))
            list.Add(new("__RequestVerificationToken", await TokenAsync()));
        using var response = await http.PostAsync(url, new FormUrlEncodedContent(list));
        return new Page(url, response, await response.Content.ReadAsStringAsync());
    }

    public Task<Page> PostAsync(string url, params (string Name, string Value)[] fields) =>
        PostAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>
    /// Submits a form as a browser would: every successful control with its current value, with <paramref name="values"/>
    /// replacing the values of the controls they name (give a name several times for several values; null removes it).
    /// </summary>
    public Task<Page> SubmitAsync(Page page, IHtmlFormElement form, params (string Name, string? Value)[] values) =>
        SubmitAsync(page, form, null, values);

    /// <summary>
    /// Submits with the button whose text is <paramref name="buttonText"/>: to its form (also one it names with form=), at its
    /// formaction when it has one, as a browser does for a second action of one form.
    /// </summary>
    public Task<Page> SubmitWithButtonAsync(Page page, string buttonText, params (string Name, string? Value)[] values)
    {
        var button = page.Document.QuerySelectorAll("button").OfType<IHtmlButtonElement>().FirstOrDefault(b => Page.Collapse(b.TextContent) == buttonText)
            ?? throw new Xunit.Sdk.XunitException($"No button '{buttonText}' on {page.Url}");
        var form = button.Form ?? throw new Xunit.Sdk.XunitException($"The button '{buttonText}' on {page.Url} belongs to no form");
        return SubmitAsync(page, form, button.GetAttribute("formaction"), values);
    }

    private async Task<Page> SubmitAsync(Page page, IHtmlFormElement form, string? formAction, (string Name, string? Value)[] values)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled")) continue;
            switch (element)
            {
                case IHtmlInputElement input:
                    var type = (input.GetAttribute("type") ?? "text").ToLowerInvariant();
                    if (type is "submit" or "button" or "image" or "reset" or "file") continue;
                    if (type is "checkbox" or "radio" && !input.HasAttribute("checked")) continue;
                    fields.Add(new(name, input.GetAttribute("value") ?? (type is "checkbox" or "radio" ? "on" : "")));
                    break;
                case IHtmlTextAreaElement textArea:
                    fields.Add(new(name, textArea.TextContent));
                    break;
                case IHtmlSelectElement select:
                    var selected = select.Options.Where(o => o.HasAttribute("selected")).ToList();
                    if (selected.Count == 0 && select.Options.Length > 0 && !select.IsMultiple) selected.Add(select.Options[0]);
                    fields.AddRange(selected.Select(o => new KeyValuePair<string, string>(name, o.GetAttribute("value") ?? o.TextContent)));
                    break;
            }
        }
        foreach (var group in values.GroupBy(v => v.Name))
        {
            fields.RemoveAll(f => f.Key == group.Key);
            fields.AddRange(group.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, string>(group.Key, v.Value!)));
        }
        var action = string.IsNullOrEmpty(formAction) ? form.GetAttribute("action") : formAction;
        var url = string.IsNullOrEmpty(action) ? page.Url : WebUtility.HtmlDecode(action);
        if (!url.StartsWith('/')) url = new Uri(new Uri("http://localhost" + page.Url), url).PathAndQuery;
        return await PostAsync(url, fields, antiforgery: false);
    }

    public async Task<string> TokenAsync()
    {
        var page = await GetAsync("/");
        return page.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new Xunit.Sdk.XunitException("No antiforgery token on the home page.");
    }

    /// <summary>Signs in through the login form and checks that it worked.</summary>
    public async Task SignInAsync(string email, string password)
    {
        var result = await TrySignInAsync(email, password);
        result.AssertRedirect("/");
    }

    public async Task<Page> TrySignInAsync(string email, string password, string? returnUrl = null)
    {
        var login = await GetAsync("/account/inloggen" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        login.AssertStatus(HttpStatusCode.OK);
        return await SubmitAsync(login, login.FormWithField("Input.Email"), ("Input.Email", email), ("Input.Password", password));
    }

    public async Task SignOutAsync()
    {
        var home = await GetAsync("/");
        var result = await SubmitAsync(home, home.Form(f => (f.GetAttribute("action") ?? "") == "/account/uitloggen", "to sign out"));
        result.AssertRedirect("/");
    }

    public void Dispose() => http.Dispose();
}
