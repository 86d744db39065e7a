namespace Community.Core.Common;

/// <summary>The thing does not exist, or the actor may not know that it exists.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} not found");

/// <summary>The actor may see the thing but not do this with it.</summary>
public sealed class ForbiddenException(string reason) : Exception(reason);

/// <summary>
/// A rule of the domain refused the input. <see cref="Exception.Message"/> is the Dutch text shown
/// to the user (and the key of its English translation); <see cref="Field"/> names the input field.
/// </summary>
public sealed class RuleException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
