using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using HandoffRules.Host.Store;

namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// A store, and every writer it opens, whose calls are counted by method and passed on — or failed,
/// where a test says so (a full disk, an input the processor fails on).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1852", Justification = "DispatchProxy derives from the proxy type: it must not be sealed.")]
public class StoreProxy : DispatchProxy
{
    private object _inner = null!;
    private ConcurrentDictionary<string, int> _calls = null!;
    private Func<MethodInfo, object?[]?, Exception?>? _fail;

    /// <summary>The store to hand to the code under test, and the calls made to it and its writers, by method name.</summary>
    public sealed record Proxied(IHandoffStore Store, ConcurrentDictionary<string, int> CallsByName)
    {
        public int Calls(string method) => CallsByName.GetValueOrDefault(method);
    }

    /// <summary>Wraps <paramref name="store"/>; <paramref name="fail"/> gives the exception a call throws instead of running, or null to run it.</summary>
    public static Proxied Around(IHandoffStore store, Func<MethodInfo, object?[]?, Exception?>? fail = null)
    {
        var calls = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        return new Proxied(Wrap(store, calls, fail), calls);
    }

    private static T Wrap<T>(T inner, ConcurrentDictionary<string, int> calls, Func<MethodInfo, object?[]?, Exception?>? fail)
        where T : class
    {
        var proxy = Create<T, StoreProxy>();
        var wrapping = (StoreProxy)(object)proxy;
        wrapping._inner = inner;
        wrapping._calls = calls;
        wrapping._fail = fail;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        _calls.AddOrUpdate(targetMethod!.Name, 1, (_, n) => n + 1);
        if (_fail?.Invoke(targetMethod, args) is { } failure)
        {
            throw failure;
        }

        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        return result is IHandoffWriter writer && targetMethod.Name == nameof(IHandoffStore.OpenWriter) ? Wrap(writer, _calls, _fail) : result;
    }
}
