using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Microsoft.Extensions.Options;

namespace Community.Web.Infrastructure;

public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>Base URL for links in mail, e.g. https://kennis.achterhoek.nl. Empty: taken from the current request.</summary>
    public string? PublicUrl { get; set; }
}

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>HTTPS redirection, HSTS and Secure-only cookies. Off in Development and in tests over plain HTTP.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Sign-in, registration and password-reset posts per client address per minute.</summary>
    [Range(1, 100000)]
    public int AuthRequestsPerMinute { get; set; } = 10;
}

public sealed class PublicUrl(IOptions<SiteOptions> options, IHttpContextAccessor http) : IPublicUrl
{
    public string Absolute(string path)
    {
        var configured = options.Value.PublicUrl;
        if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/') + path;
        var request = http.HttpContext?.Request;
        return request is null ? "http://localhost:5080" + path : $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
    }
}
