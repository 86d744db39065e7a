namespace Community.Testing;

/// <summary>
/// Hostile input that members could type into a title, a post or a tag. One list for the unit test of the Markdown
/// pipeline (tests/Community.Tests/Common/MarkdownSafetyTests.cs) and the browser test that renders every payload
/// through the real pages (tests/Community.EndToEnd/DiscussionXssTests.cs); both projects link this file.
/// Every payload that would run calls alert(), which the browser test replaces with a trap.
/// </summary>
public static class XssPayloads
{
    public static readonly IReadOnlyList<string> All =
    [
        // Script tags, also split and nested to fool a filter that strips once.
        "<script>alert(1)</script>",
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</script>",
        "\"><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        // Event handlers.
        "<img src=x onerror=alert(1)>",
        "'\"><img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)",
        "<details open ontoggle=alert(1)>",
        "<body onload=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "- [ ] <img src=x onerror=alert(1)>",
        "[x](\"onmouseover=alert(1))",
        "[x](https://example.nl \"\" onmouseover=\"alert(1))",
        "<https://example.nl/\" onmouseover=\"alert(1)>",
        "www.example.nl/\"onmouseover=\"alert(1)",
        // javascript:, vbscript: and data: URLs, in every spelling a browser still accepts.
        "<a href=\"javascript:alert(1)\">klik</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">klik</a>",
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik](java\tscript:alert(1))",
        "[klik]( javascript:alert(1) )",
        "[klik](&#106;avascript:alert(1))",
        "[klik](javascript&#58;alert(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![plaatje](javascript:alert(1))",
        "![plaatje](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[![plaatje](/plaatje.png)](javascript:alert(1))",
        "[klik][1]\n\n[1]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "[klik](vbscript:msgbox(1))",
        "[klik](//evil.example/pad)",
        "<form action=\"javascript:alert(1)\"><button>klik</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        // SVG and MathML, with their own parsing rules.
        "<svg onload=alert(1)><circle/></svg>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        // Frames, objects and styles.
        "<iframe src=\"https://evil.example\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"data:text/html,<script>alert(1)</script>\">",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        // Broken HTML and comments.
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<a href=\"https://example.nl\" <img src=x onerror=alert(1)>",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        // Wiki links: the title, the label and the heading ids are member input too.
        "[[<script>alert(1)</script>]]",
        "[[Pagina|<img src=x onerror=alert(1)>]]",
        "[[javascript:alert(1)]]",
        "[[\"><svg onload=alert(1)>|klik]]",
        "[[Pagina|[x](javascript:alert(1))]]",
        "## <img src=x onerror=alert(1)>\n\n## Kop \" onmouseover=\"alert(1)",
    ];
}
