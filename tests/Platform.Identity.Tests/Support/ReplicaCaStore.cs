using Platform.Identity.Authority;

namespace Platform.Identity.Tests.Support;

/// <summary>One replica's access to a CA Secret shared by several replicas; counts this replica's writes.</summary>
internal sealed class ReplicaCaStore(InMemoryCaSecretStore shared) : ICaSecretStore
{
    private int saves;

    public int Saves => Volatile.Read(ref saves);

    public Task<IReadOnlyDictionary<string, byte[]>?> LoadAsync(CancellationToken cancellationToken) => shared.LoadAsync(cancellationToken);

    public Task SaveAsync(IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref saves);
        return shared.SaveAsync(data, cancellationToken);
    }
}
