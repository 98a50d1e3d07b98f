using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BatchScoring.Tests;

/// <summary>
/// An OTLP/HTTP collector on a free port of 127.0.0.1 that keeps every body it receives, by path. OTLP bodies are
/// protobuf, whose strings are their UTF-8 bytes, so span, attribute and metric names are found in them as they are.
/// </summary>
internal sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> received = new();
    private readonly Task loop;

    private OtlpCollector(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public static OtlpCollector Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new OtlpCollector(port);
    }

    /// <summary>Every body received at <paramref name="path"/>, as Latin-1 text (bytes kept one to one).</summary>
    public string Bodies(string path) => string.Concat(received.Where(r => r.Path == path).Select(r => Encoding.Latin1.GetString(r.Body)));

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        _ = loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
