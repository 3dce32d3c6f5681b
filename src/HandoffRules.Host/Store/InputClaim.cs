using System.Security.Cryptography;
using System.Text;

namespace HandoffRules.Host.Store;

/// <summary>
/// A file input held by this host, so that one host at a time reads it: the others wait and take it
/// over when the holder lets go or dies. Disposing it lets go.
/// </summary>
public sealed class InputClaim : IAsyncDisposable
{
    private Func<ValueTask>? _release;

    /// <summary>A claim that <paramref name="release"/> lets go of (once).</summary>
    public InputClaim(Func<ValueTask>? release) => _release = release;

    /// <summary>
    /// The claim of a store only one host can open at all (SQLite, held by its store lock): there is
    /// nobody to keep out, so it holds nothing.
    /// </summary>
    public static InputClaim Exclusive { get; } = new(null);

    /// <summary>
    /// The PostgreSQL advisory lock key of an input: the first 8 bytes of the SHA-256 of its key, so
    /// every host computes the same key for the same input (string hash codes are randomised per process).
    /// </summary>
    public static long AdvisoryKey(string input) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("handoff input:" + input)), 0);

    /// <summary>Lets go of the input.</summary>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _release, null)?.Invoke() ?? ValueTask.CompletedTask;
}
