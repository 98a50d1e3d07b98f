using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// A fake storage endpoint on a free loopback port: the service-properties request (the runner's reachability probe)
/// is answered 200 after a delay; every other request gets 403 at once.
/// </summary>
internal sealed class SlowStorageEndpoint : IDisposable
{
    private const string Properties = "<?xml version=\"1.0\" encoding=\"utf-8\"?><StorageServiceProperties></StorageServiceProperties>";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _delay;
    private int _probes;

    public SlowStorageEndpoint(TimeSpan delay)
    {
        _delay = delay;
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/devstoreaccount1";

    /// <summary>Service-properties requests received so far.</summary>
    public int Probes => Volatile.Read(ref _probes);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            var received = new StringBuilder();
            while (!_stop.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = received.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                // Requests here carry no body worth reading except PUTs, which are refused with the connection closed.
                received.Clear().Append(text[(end + 4)..]);
                var requestLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
                string response;
                if (requestLine.StartsWith("GET ", StringComparison.Ordinal) && requestLine.Contains("restype=service&comp=properties", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _probes);
                    await Task.Delay(_delay, _stop.Token);
                    response = $"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nx-ms-version: 2025-01-05\r\nContent-Length: {Properties.Length}\r\n\r\n{Properties}";
                }
                else
                {
                    const string Body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationFailure</Code><Message>refused by the test endpoint</Message></Error>";
                    response = $"HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nx-ms-error-code: AuthorizationFailure\r\nConnection: close\r\nContent-Length: {Body.Length}\r\n\r\n{Body}";
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                if (response.Contains("Connection: close", StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }
}
