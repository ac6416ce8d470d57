using System.Text;
using k8s.Models;

namespace Platform.Sandbox.Cluster.PodCertificates;

/// <summary>
/// A kubelet's pod volume tree on disk, laid out as the kubelet does:
/// <c>&lt;root&gt;/pods/&lt;podUID&gt;/volumes/kubernetes.io~projected/&lt;volume&gt;/&lt;path&gt;</c>. Files are replaced
/// atomically (write to a temporary file, then rename) so readers never see half a credential.
/// </summary>
internal sealed class PodVolumeDirectory
{
    public static readonly UTF8Encoding Utf8 = new(false);
    private readonly string _root;

    public PodVolumeDirectory(string root) => _root = Path.GetFullPath(root);

    public string PodPath(string podUid) => Path.Combine(_root, "pods", podUid);

    public string VolumePath(string podUid, string volume) => Path.Combine(PodPath(podUid), "volumes", "kubernetes.io~projected", volume);

    public async Task WriteCredentialsAsync(string podUid, string volume, V1PodCertificateProjection source, string keyPem, string chainPem, CancellationToken ct)
    {
        var dir = VolumePath(podUid, volume);
        Directory.CreateDirectory(dir);
        var key = keyPem.EndsWith('\n') ? keyPem : keyPem + "\n";
        if (!string.IsNullOrEmpty(source.CredentialBundlePath))
        {
            await WriteAtomicAsync(Resolve(dir, source.CredentialBundlePath), Utf8.GetBytes(key + chainPem), ct);
        }

        if (!string.IsNullOrEmpty(source.KeyPath))
        {
            await WriteAtomicAsync(Resolve(dir, source.KeyPath), Utf8.GetBytes(key), ct);
        }

        if (!string.IsNullOrEmpty(source.CertificateChainPath))
        {
            await WriteAtomicAsync(Resolve(dir, source.CertificateChainPath), Utf8.GetBytes(chainPem), ct);
        }
    }

    /// <summary>Writes one file of a projected volume (relative path inside the volume), atomically.</summary>
    public Task WriteFileAsync(string podUid, string volume, string relative, byte[] content, CancellationToken ct) =>
        WriteAtomicAsync(Resolve(VolumePath(podUid, volume), relative), content, ct);

    public void Remove(string podUid)
    {
        var path = PodPath(podUid);
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A reader holding a file open must not fail pod teardown; the directory is retried on the next pod sync.
        }
    }

    /// <summary>Why the source's paths cannot be projected, or null when they can.</summary>
    public static string? PathProblem(V1PodCertificateProjection source)
    {
        var paths = new[] { source.CredentialBundlePath, source.KeyPath, source.CertificateChainPath }.Where(p => !string.IsNullOrEmpty(p)).ToList();
        if (paths.Count == 0)
        {
            return "one of credentialBundlePath or keyPath and certificateChainPath is required";
        }

        var bad = paths.FirstOrDefault(p => Path.IsPathRooted(p) || p!.Split('/').Any(s => s is ".." or ""));
        return bad is null ? null : $"invalid projected path \"{bad}\": must be relative and must not contain '..'";
    }

    /// <summary>A projected path must stay inside the volume (relative, no <c>..</c>), as API validation requires.</summary>
    private static string Resolve(string dir, string relative)
    {
        if (Path.IsPathRooted(relative) || relative.Split('/').Any(s => s is ".." or ""))
        {
            throw new InvalidOperationException($"invalid projected path \"{relative}\": must be relative and must not contain '..'");
        }

        return Path.Combine(dir, relative);
    }

    private static async Task WriteAtomicAsync(string path, byte[] content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temp, content, ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
