using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Tests.Support;

/// <summary>Keeps every log entry with its level, message and structured values.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
        _entries.Enqueue((logLevel, formatter(state, exception), values));
    }
}
