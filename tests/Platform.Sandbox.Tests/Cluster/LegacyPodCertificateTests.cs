using System.Security.Cryptography;
using k8s;
using Microsoft.Extensions.Time.Testing;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class LegacyPodCertificateTests
{
    [Fact]
    public async Task Legacy_requests_carry_the_public_key_and_a_proof_of_possession_over_the_pod_UID()
    {
        var dir = Path.Combine(Path.GetTempPath(), "platform-cluster-legacy-" + Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = false });
        using var client = server.CreateClient();
        try
        {
            await using var cluster = await SimulatedCluster.StartAsync(server,
                new SimulatedClusterOptions { Nodes = 1, WorkingDirectory = dir, TimeProvider = time, LegacyPodCertificateRequests = true });
            await using var signer = new TestSigner(client, time);
            var pod = PodBuilder.Pod("legacy");
            pod.Spec.Volumes =
            [
                new k8s.Models.V1Volume
                {
                    Name = "creds",
                    Projected = new k8s.Models.V1ProjectedVolumeSource
                    {
                        Sources = [new k8s.Models.V1VolumeProjection { PodCertificate = new k8s.Models.V1PodCertificateProjection { SignerName = TestSigner.IssuingSigner, KeyType = "ECDSAP384", CredentialBundlePath = "b.pem" } }],
                    },
                },
            ];
            await client.CoreV1.CreateNamespacedPodAsync(pod, "default");

            var running = await Eventually.GetAsync(async () => await client.CoreV1.ReadNamespacedPodAsync("legacy", "default") is var p && PodBuilder.IsReady(p) ? p : null,
                "pod ready after issuance");

            var pcr = Assert.Single((await client.CertificatesV1beta1.ListNamespacedPodCertificateRequestAsync("default")).Items);
            Assert.Empty(pcr.Spec.StubPKCS10Request ?? []);
            Assert.Equal("Issued", Assert.Single(pcr.Status.Conditions).Type);
            using var published = ECDsa.Create();
            published.ImportSubjectPublicKeyInfo(pcr.Spec.PkixPublicKey, out _);
            Assert.True(published.VerifyHash(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(running.Metadata.Uid)), pcr.Spec.ProofOfPossession,
                DSASignatureFormat.Rfc3279DerSequence));
            var bundle = await File.ReadAllTextAsync(Path.Combine(cluster.PodVolumePath(running.Metadata.Uid, "creds"), "b.pem"));
            using var key = ECDsa.Create();
            key.ImportFromPem(bundle.AsSpan(0, bundle.IndexOf("-----END PRIVATE KEY-----", StringComparison.Ordinal) + 25));
            Assert.Equal(384, key.KeySize);
            Assert.Equal(pcr.Spec.PkixPublicKey, key.ExportSubjectPublicKeyInfo());
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
