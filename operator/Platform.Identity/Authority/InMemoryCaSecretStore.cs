namespace Platform.Identity.Authority;

/// <summary>A Secret kept in process memory: for tests and the sandbox.</summary>
public sealed class InMemoryCaSecretStore : ICaSecretStore
{
    private readonly Lock gate = new();
    private Dictionary<string, byte[]>? data;

    /// <summary>How many times the data was saved.</summary>
    public int SaveCount { get; private set; }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, byte[]>?> LoadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, byte[]>?>(data is null ? null : new Dictionary<string, byte[]>(data, StringComparer.Ordinal));
        }
    }

    /// <inheritdoc />
    public Task SaveAsync(IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            this.data = new Dictionary<string, byte[]>(data, StringComparer.Ordinal);
            SaveCount++;
        }

        return Task.CompletedTask;
    }
}
