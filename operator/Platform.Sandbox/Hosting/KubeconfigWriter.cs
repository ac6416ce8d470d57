using System.Text;

namespace Platform.Sandbox.Hosting;

/// <summary>Writes a kubeconfig with one cluster, one token user and one current context.</summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string caPem, string user, string token)
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: platform-sandbox
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: {user}
              user:
                token: {token}
            contexts:
            - name: platform-sandbox
              context:
                cluster: platform-sandbox
                user: {user}
                namespace: default
            current-context: platform-sandbox

            """;
    }

    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
