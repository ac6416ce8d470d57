using System.Collections.Concurrent;
using Platform.Crds.Spire;
using Platform.Identity.Policies;
using Platform.Operator.Abstractions.Cache;

namespace Platform.Identity.Controllers;

/// <summary>
/// The compiled ClusterSPIFFEIDs of the informer cache. Compilation is memoised per object version, so a
/// signing storm does not re-parse templates per request; policies that do not compile are left out (the
/// webhook rejects them, and their status shows nothing selected).
/// </summary>
internal sealed class PolicyCatalog(IEntityCache<ClusterSPIFFEID> cache)
{
    private readonly ConcurrentDictionary<string, (string Version, CompiledPolicy? Policy)> compiled = new(StringComparer.Ordinal);

    public IEntityCache<ClusterSPIFFEID> Cache => cache;

    public IReadOnlyList<CompiledPolicy> Current()
    {
        var result = new List<CompiledPolicy>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in cache.List())
        {
            var uid = source.Metadata.Uid ?? source.Metadata.Name;
            seen.Add(uid);
            var version = source.Metadata.ResourceVersion ?? string.Empty;
            if (!compiled.TryGetValue(uid, out var entry) || entry.Version != version)
            {
                entry = (version, ClusterSpiffeIdCompiler.TryCompile(source, out _));
                compiled[uid] = entry;
            }

            if (entry.Policy is not null)
            {
                result.Add(entry.Policy);
            }
        }

        foreach (var stale in compiled.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            compiled.TryRemove(stale, out _);
        }

        return result;
    }
}
