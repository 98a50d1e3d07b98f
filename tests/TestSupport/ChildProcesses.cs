using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BatchScoring.Tests;

/// <summary>What the helpers that start servers for tests (Azurite, the Functions host) share.</summary>
internal static class ChildProcesses
{
    /// <summary>A loopback port free now (the server started next binds it).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Adds a line of a child's output to its log (output and error arrive on different threads).</summary>
    public static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }
}
