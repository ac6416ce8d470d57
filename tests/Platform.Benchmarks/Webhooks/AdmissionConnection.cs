using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Platform.Benchmarks.Webhooks;

/// <summary>
/// One keep-alive HTTPS/1.1 connection to the admission server, used with blocking calls from one dedicated
/// thread: the request bytes are built once, the answer is read straight off the TLS stream. The API server's
/// client is Go's net/http; HttpClient on this process's thread pool added its own queueing to every figure,
/// on the 2 cores the server needs. Trusts only the benchmark CA, as the API server trusts only the caBundle.
/// </summary>
internal sealed class AdmissionConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly Socket socket;
    private readonly SslStream tls;
    private readonly byte[] request;
    private byte[] buffer = new byte[16 * 1024];

    private AdmissionConnection(Socket socket, SslStream tls, byte[] request)
    {
        this.socket = socket;
        this.tls = tls;
        this.request = request;
    }

    /// <summary>Connects to 127.0.0.1 and completes the TLS handshake for <paramref name="host"/>.</summary>
    public static async Task<AdmissionConnection> OpenAsync(string host, int port, X509Certificate2 authority, string path, byte[] body)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { authority },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return new AdmissionConnection(socket, tls, [.. head, .. body]);
    }

    /// <summary>Sends the review and reads the whole answer; true when it is 200 with an allowed response.</summary>
    public bool Exchange()
    {
        Send();
        return Receive();
    }

    /// <summary>Writes the review (may be called while another thread waits in <see cref="Receive"/>).</summary>
    public void Send() => tls.Write(request);

    /// <summary>Reads one whole answer; true when it is 200 with an allowed response.</summary>
    public bool Receive()
    {
        var filled = 0;
        int headerLength;
        while ((headerLength = buffer.AsSpan(0, filled).IndexOf(HeaderEnd)) < 0)
        {
            filled += ReadMore(filled);
        }

        var header = Encoding.ASCII.GetString(buffer, 0, headerLength);
        var bodyStart = headerLength + HeaderEnd.Length;
        if (ContentLength(header) is not { } length)
        {
            throw new InvalidDataException($"the admission server answered without Content-Length: {header}");
        }

        while (filled < bodyStart + length)
        {
            filled += ReadMore(filled);
        }

        // A valid entry must come back allowed; anything else counts as a failure.
        return header.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal)
            && buffer.AsSpan(bodyStart, length).IndexOf("\"allowed\":true"u8) >= 0;
    }

    public void Dispose()
    {
        tls.Dispose();
        socket.Dispose();
    }

    private int ReadMore(int filled)
    {
        if (filled == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = tls.Read(buffer, filled, buffer.Length - filled);
        return read > 0 ? read : throw new IOException("the admission server closed the connection");
    }

    private static int? ContentLength(string header)
    {
        foreach (var line in header.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
