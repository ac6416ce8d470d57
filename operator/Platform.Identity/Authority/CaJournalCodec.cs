using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Identity.Signing;

namespace Platform.Identity.Authority;

/// <summary>
/// Serialises the CA generations into Secret data: <c>journal.json</c> (statuses, certificates, retention,
/// bundle sequence and the thumbprints of the published bundle, so the next leader knows what consumers already have)
/// and one <c>&lt;n&gt;.key</c> PKCS#8 entry per generation.
/// </summary>
internal static class CaJournalCodec
{
    public const string JournalKey = "journal.json";

    public static Dictionary<string, byte[]> Encode(IReadOnlyList<CaSlot> slots, long sequence, IReadOnlyList<string> published)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var entries = new JsonArray();
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            var keyName = i.ToString(CultureInfo.InvariantCulture) + ".key";
            data[keyName] = slot.Authority.Key.ExportPkcs8();
            entries.Add(new JsonObject
            {
                ["status"] = slot.Status.ToString(),
                ["certificate"] = Convert.ToBase64String(slot.Authority.CertificateDer),
                ["chain"] = new JsonArray(slot.Authority.ChainForLeavesDer.Skip(1).Select(c => (JsonNode)Convert.ToBase64String(c)).ToArray()),
                ["key"] = keyName,
                ["retainUntil"] = slot.RetainUntil.ToUnixTimeSeconds(),
            });
        }

        var journal = new JsonObject
        {
            ["version"] = 1,
            ["sequence"] = sequence,
            ["published"] = new JsonArray(published.Select(t => (JsonNode)t).ToArray()),
            ["authorities"] = entries,
        };
        data[JournalKey] = Encoding.UTF8.GetBytes(journal.ToJsonString());
        return data;
    }

    /// <exception cref="InvalidOperationException">The stored journal is corrupt (message carries no key material).</exception>
    /// <returns>The generations, the bundle sequence and the published thumbprints (null in journals written before they were recorded).</returns>
    public static (List<CaSlot> Slots, long Sequence, IReadOnlyList<string>? Published) Decode(IReadOnlyDictionary<string, byte[]> data)
    {
        if (!data.TryGetValue(JournalKey, out var journalBytes))
        {
            throw new InvalidOperationException($"CA Secret has no \"{JournalKey}\"");
        }

        try
        {
            var journal = JsonNode.Parse(journalBytes)!.AsObject();
            var sequence = journal["sequence"]!.GetValue<long>();
            var slots = new List<CaSlot>();
            foreach (var node in journal["authorities"]!.AsArray())
            {
                var entry = node!.AsObject();
                var status = Enum.Parse<CaSlotStatus>(entry["status"]!.GetValue<string>());
                var certificate = Convert.FromBase64String(entry["certificate"]!.GetValue<string>());
                var chain = entry["chain"]!.AsArray()
                    .Select(c => System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c!.GetValue<string>())))
                    .ToList();
                var keyName = entry["key"]!.GetValue<string>();
                if (!data.TryGetValue(keyName, out var pkcs8))
                {
                    throw new InvalidOperationException($"CA Secret has no \"{keyName}\"");
                }

                var key = SigningKey.FromPkcs8(pkcs8);
                var retainUntil = DateTimeOffset.FromUnixTimeSeconds(entry["retainUntil"]!.GetValue<long>());
                slots.Add(new CaSlot(new SigningAuthority(certificate, key, chain), status, retainUntil));
            }

            var published = journal["published"]?.AsArray().Select(t => t!.GetValue<string>()).ToList();
            return (slots, sequence, published);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidCastException
                                      or NullReferenceException or CryptographicException or KeyNotFoundException)
        {
            throw new InvalidOperationException("CA Secret journal is corrupt (" + e.GetType().Name + ")");
        }
    }
}
