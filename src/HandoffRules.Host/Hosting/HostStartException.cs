namespace HandoffRules.Host.Hosting;

/// <summary>
/// A reason the host cannot start that the operator can fix (a file in the way, a lock held by
/// another host): <c>handoff run</c> prints its message alone, without a stack trace.
/// </summary>
public class HostStartException(string message, Exception? inner = null) : Exception(message, inner);
