namespace Community.Core.Common;

/// <summary>The thing does not exist, or the actor may not know that it exists.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} not found");

/// <summary>The actor may see the thing but not do this with it.</summary>
public sealed class ForbiddenException(string reason) : Exception(reason);

/// <summary>
/// A rule of the domain refused the input. <see cref="Template"/> is the Dutch text with <c>{0}</c>
/// placeholders, the resource key the web layer translates; <see cref="Args"/> fill it in, so the
/// number in "at most {0} tags" survives translation. <see cref="Exception.Message"/> is the Dutch
/// text filled in (for the CLI and logs); <see cref="Field"/> names the input field.
/// </summary>
public sealed class RuleException(string template, string? field = null, params object[] args)
    : Exception(args.Length == 0 ? template : string.Format(System.Globalization.CultureInfo.GetCultureInfo("nl"), template, args))
{
    public string Template { get; } = template;
    public IReadOnlyList<object> Args { get; } = args;
    public string? Field { get; } = field;
}
