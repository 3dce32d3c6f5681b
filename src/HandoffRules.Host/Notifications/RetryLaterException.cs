namespace HandoffRules.Host.Notifications;

/// <summary>
/// A channel that refused an alert for now and said when to come back (HTTP 429 or 503 with
/// <c>Retry-After</c>): the next attempt is not made before <see cref="RetryAfter"/> has passed,
/// and no quick retry is made in the meantime.
/// </summary>
public sealed class RetryLaterException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>How long to wait before the next attempt.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
}
