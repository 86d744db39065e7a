using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Community.Web.Infrastructure;

public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>Base URL for links in mail, e.g. https://kennis.achterhoek.nl. Empty: the address the server listens on (fine for a local run only).</summary>
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

/// <summary>
/// Absolute links for mail. Never built from the request's Host header: a forged Host would put an
/// attacker's domain in front of a password-reset token.
/// </summary>
public sealed class PublicUrl(IOptions<SiteOptions> options, IServer server) : IPublicUrl
{
    public string Absolute(string path)
    {
        var configured = options.Value.PublicUrl;
        if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/') + path;
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is null || !Uri.TryCreate(listening.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri))
            return "http://localhost" + path;
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}{path}";
    }
}
