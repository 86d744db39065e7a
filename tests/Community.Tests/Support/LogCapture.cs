using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Community.Tests.Support;

public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : "\n" + Exception)}";
}

/// <summary>Records what the app logs (Warning and above unless asked), so that a test fails when the app logged an error.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Warning by default; a test that inspects what the app logs (personal data) lowers it before the app starts.</summary>
    public LogLevel MinimumLevel { get; set; } = LogLevel.Warning;

    public IReadOnlyList<LogEntry> Entries => _entries.ToList();

    public IReadOnlyList<LogEntry> Errors => _entries.Where(e => e.Level >= LogLevel.Error).ToList();

    public void Clear() => _entries.Clear();

    /// <summary>Removes the errors a test expects (and asserts there was at least one), leaving the rest to <see cref="AssertNoErrors"/>.</summary>
    public IReadOnlyList<LogEntry> TakeErrors(Func<LogEntry, bool> expected)
    {
        var all = _entries.ToList();
        var taken = all.Where(e => e.Level >= LogLevel.Error && expected(e)).ToList();
        _entries.Clear();
        foreach (var e in all.Except(taken)) _entries.Enqueue(e);
        return taken;
    }

    public void AssertNoErrors()
    {
        var errors = Errors;
        Clear();
        if (errors.Count > 0)
            throw new Xunit.Sdk.XunitException("The app logged errors:\n" + string.Join("\n", errors));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
        }
    }
}
