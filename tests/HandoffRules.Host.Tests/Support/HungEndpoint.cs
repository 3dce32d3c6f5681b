using System.Net;
using System.Net.Sockets;

namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// An HTTP endpoint that accepts connections, reads what is sent and never answers: a channel
/// that hangs. Counts the connections it took, so a test can wait until a request is stuck in it.
/// </summary>
public sealed class HungEndpoint : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];
    private int _connections;

    public HungEndpoint()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_held)
                {
                    _held.Add(client);
                }

                Interlocked.Increment(ref _connections);
                _ = DrainAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task DrainAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            var stream = client.GetStream();
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Stopped, or the caller gave up.
        }
    }
}
