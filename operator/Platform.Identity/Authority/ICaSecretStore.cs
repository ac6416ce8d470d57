namespace Platform.Identity.Authority;

/// <summary>
/// Where the trust-domain CA state lives: the data map of one Secret in the suite's namespace. The host
/// adapts it to the API server; tests use <see cref="InMemoryCaSecretStore"/>.
/// </summary>
public interface ICaSecretStore
{
    /// <summary>Reads the Secret's data; null when the Secret does not exist yet.</summary>
    Task<IReadOnlyDictionary<string, byte[]>?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces the Secret's data.</summary>
    Task SaveAsync(IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken);
}
