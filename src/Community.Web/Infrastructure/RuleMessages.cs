using Community.Core.Common;
using Microsoft.Extensions.Localization;

namespace Community.Web.Infrastructure;

public static class RuleMessages
{
    /// <summary>The rule's message in the UI language: its Dutch template is the resource key.</summary>
    public static string Localize(this RuleException e, IStringLocalizer t) => t[e.Template, [.. e.Args]].Value;
}
