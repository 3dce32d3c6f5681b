namespace HandoffRules.Host.Notifications;

/// <summary>Delivers one alert on one channel; throws when it could not.</summary>
public interface INotifier
{
    /// <summary>The outbox channel it delivers ("slack", "email").</summary>
    string Channel { get; }

    /// <summary>Delivers the alert to the target (a Slack channel, an e-mail address).</summary>
    Task SendAsync(string target, string body, CancellationToken cancellation);
}

/// <summary>A delivery that cannot succeed until the configuration changes (no webhook, no SMTP server).</summary>
public sealed class NotConfiguredException(string message) : Exception(message);
