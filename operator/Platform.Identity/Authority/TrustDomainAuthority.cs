using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Platform.Identity.Bundles;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Authority;

/// <summary>
/// The trust domain's CA with SPIRE's rotation: the next CA is prepared (and published in the bundle) once
/// half of the active CA's life has passed, activated at 5/6, and a retired CA stays in the bundle until the
/// last SVID it signed has expired. State lives in a Secret so a restart (or the next leader) reuses it. Call
/// <see cref="RotateAsync"/> periodically (SPIRE ticks every 10 s); time comes from the TimeProvider. With an
/// upstream CA every generation is an intermediate it signs and the bundle is the upstream's roots.
/// </summary>
internal sealed class TrustDomainAuthority : IDisposable
{
    private readonly TrustDomain trustDomain;
    private readonly IdentityOptions options;
    private readonly ICaSecretStore store;
    private readonly TimeProvider time;
    private readonly CaCertificateFactory factory;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private UpstreamAuthority? upstream;
    private volatile State state = State.Empty;

    public TrustDomainAuthority(
        IdentityOptions options, ICaSecretStore store, TimeProvider time, ILogger<TrustDomainAuthority> logger, UpstreamAuthority? upstream = null)
    {
        trustDomain = Spiffe.TrustDomain.Parse(options.TrustDomain);
        this.options = options;
        this.store = store;
        this.time = time;
        this.logger = logger;
        this.upstream = upstream;
        factory = new CaCertificateFactory();
        if (options.DefaultSvidTtl > options.CaTtl / 6)
        {
            AuthorityLog.SvidTtlTooLong(logger, options.DefaultSvidTtl, options.CaTtl / 6);
        }
    }

    public TrustDomain TrustDomain => trustDomain;

    /// <summary>Whether a CA is loaded (between <see cref="InitializeAsync(CancellationToken)"/> and <see cref="ForgetAsync"/>).</summary>
    public bool IsInitialized => state.Active is not null;

    /// <summary>The upstream CA of the loaded state; null for a self-signed root.</summary>
    public UpstreamAuthority? Upstream => upstream;

    /// <summary>The CA that signs new SVIDs.</summary>
    /// <exception cref="InvalidOperationException">Called before <see cref="InitializeAsync(CancellationToken)"/>.</exception>
    public SigningAuthority Active => state.Active ?? throw new InvalidOperationException("the trust-domain CA is not initialised");

    /// <summary>The published bundle (all CAs that validate live SVIDs); the sequence changes with its content.</summary>
    public SpiffeBundle Bundle => state.Bundle ?? throw new InvalidOperationException("the trust-domain CA is not initialised");

    /// <summary>All generations currently held (active, prepared, retired).</summary>
    public IReadOnlyList<CaSlot> Slots => state.Slots;

    /// <summary>Raised after the bundle content changed (sequence bumped).</summary>
    public event EventHandler<SpiffeBundle>? BundleChanged;

    /// <summary>Loads the stored CA, or creates (and stores) the first one, then applies any due rotation.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => InitializeAsync(upstream, cancellationToken);

    /// <summary>
    /// Loads the stored CA under <paramref name="upstreamAuthority"/> (null: self-signed roots), or creates and stores
    /// one, then applies any due rotation. Stored generations the current mode cannot use (self-signed roots under an
    /// upstream, intermediates of another upstream or of a replaced upstream certificate) are replaced at once.
    /// </summary>
    public async Task InitializeAsync(UpstreamAuthority? upstreamAuthority, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            upstream = upstreamAuthority;
            var data = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            List<CaSlot> slots = [];
            long sequence = 0;
            IReadOnlyList<string>? published = null;
            var dropped = false;
            if (data is not null)
            {
                try
                {
                    (slots, sequence, published) = CaJournalCodec.Decode(data);

                    // SVIDs signed before the restart are not known any more: keep their CA until its own expiry.
                    foreach (var slot in slots.Where(s => s.Status == CaSlotStatus.Active))
                    {
                        slot.Authority.RecordIssued(slot.Authority.NotAfter);
                    }

                    // Journals written before the published set was recorded published exactly these generations.
                    published ??= upstream is null ? Thumbprints(slots.Select(s => s.Authority.Certificate)) : [];
                    foreach (var unusable in slots.Where(s => !Usable(s.Authority)).ToList())
                    {
                        AuthorityLog.Replaced(logger, unusable.Authority.Certificate.SerialNumber, upstream is null ? "a self-signed root" : "an intermediate of the configured upstream CA");
                        slots.Remove(unusable);
                        dropped = true;
                    }

                    var active = slots.FirstOrDefault(s => s.Status == CaSlotStatus.Active);
                    AuthorityLog.Loaded(logger, slots.Count, trustDomain.Name, active?.Authority.Certificate.SerialNumber ?? "none");
                }
                catch (InvalidOperationException e)
                {
                    AuthorityLog.StoredStateUnusable(logger, e.Message);
                    slots = [];
                }
            }

            state = new State(slots, sequence, null, published ?? []) { Active = slots.FirstOrDefault(s => s.Status == CaSlotStatus.Active)?.Authority };
            await StepAsync(persistAlways: data is null || dropped, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Drops the loaded state (leadership ended: another replica may rotate the stored CA meanwhile). Signing is
    /// refused until the next <see cref="InitializeAsync(UpstreamAuthority, CancellationToken)"/>. Keys are not disposed
    /// here: a signature already in flight may still be using them.
    /// </summary>
    public async Task ForgetAsync()
    {
        await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            state = State.Empty;
            upstream = null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Applies whatever rotation step is due now; returns true when the state changed.</summary>
    public async Task<bool> RotateAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Forgotten meanwhile (the term ended): nothing to rotate, and nothing may be written.
            return state.Active is not null && await StepAsync(persistAlways: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>When the next rotation step falls due (for scheduling the next tick).</summary>
    public DateTimeOffset NextStepAt()
    {
        var current = state;
        var candidates = new List<DateTimeOffset>();
        if (current.Active is { } active)
        {
            var life = active.NotAfter - active.NotBefore;
            candidates.Add(current.Slots.Any(s => s.Status == CaSlotStatus.Prepared) ? active.NotAfter - Min(life / 6, TimeSpan.FromDays(7)) : active.NotAfter - Min(life / 2, TimeSpan.FromDays(30)));
        }

        candidates.AddRange(current.Slots.Where(s => s.Status == CaSlotStatus.Retired).Select(s => s.EffectiveRetainUntil));
        return candidates.Count == 0 ? time.GetUtcNow() : candidates.Min();
    }

    public void Dispose()
    {
        foreach (var slot in state.Slots)
        {
            slot.Authority.Dispose();
        }

        gate.Dispose();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static List<string> Thumbprints(IEnumerable<X509Certificate2> certificates) =>
        certificates.Select(c => c.Thumbprint).Order(StringComparer.Ordinal).ToList();

    private async Task<bool> StepAsync(bool persistAlways, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var slots = state.Slots.ToList();
        var changed = false;

        // Expired or missing active CA (first start, or a restart after a long outage): create one now.
        var active = slots.FirstOrDefault(s => s.Status == CaSlotStatus.Active);
        if (active is null || active.Authority.NotAfter <= now)
        {
            var prepared = slots.FirstOrDefault(s => s.Status == CaSlotStatus.Prepared && s.Authority.NotAfter > now);
            if (active is not null)
            {
                Retire(active, now);
            }

            if (prepared is not null)
            {
                prepared.Status = CaSlotStatus.Active;
            }
            else
            {
                slots.Add(new CaSlot(Create(now), CaSlotStatus.Active, DateTimeOffset.MinValue));
            }

            changed = true;
            active = slots.First(s => s.Status == CaSlotStatus.Active);
        }

        var life = active.Authority.NotAfter - active.Authority.NotBefore;
        var prepareAt = active.Authority.NotAfter - Min(life / 2, TimeSpan.FromDays(30));
        var activateAt = active.Authority.NotAfter - Min(life / 6, TimeSpan.FromDays(7));
        var next = slots.FirstOrDefault(s => s.Status == CaSlotStatus.Prepared);
        if (next is null && now >= prepareAt)
        {
            next = new CaSlot(Create(now), CaSlotStatus.Prepared, DateTimeOffset.MinValue);
            slots.Add(next);
            AuthorityLog.Prepared(logger, next.Authority.Certificate.SerialNumber);
            changed = true;
        }

        if (next is not null && now >= activateAt)
        {
            Retire(active, now);
            next.Status = CaSlotStatus.Active;
            AuthorityLog.Activated(logger, next.Authority.Certificate.SerialNumber, active.Authority.Certificate.SerialNumber, active.EffectiveRetainUntil);
            changed = true;
        }

        foreach (var retired in slots.Where(s => s.Status == CaSlotStatus.Retired && now >= s.EffectiveRetainUntil).ToList())
        {
            slots.Remove(retired);
            AuthorityLog.Pruned(logger, retired.Authority.Certificate.SerialNumber);
            changed = true;
        }

        // The sequence follows the bundle's content (what consumers see), whatever changed it: a new or pruned
        // generation, or other upstream roots than the last leader published.
        var previous = state;
        var updated = Publish(slots, previous.Sequence, previous.Published);
        var bumped = updated.Sequence != previous.Sequence;
        if (!changed && !bumped && !persistAlways)
        {
            if (previous.Bundle is null)
            {
                state = updated;
            }

            return false;
        }

        await store.SaveAsync(CaJournalCodec.Encode(slots, updated.Sequence, updated.Published), cancellationToken).ConfigureAwait(false);
        state = updated;
        foreach (var removed in previous.Slots.Where(s => !slots.Contains(s)))
        {
            removed.Authority.Dispose();
        }

        if (bumped)
        {
            BundleChanged?.Invoke(this, updated.Bundle!);
        }

        return changed || bumped;
    }

    private void Retire(CaSlot slot, DateTimeOffset now)
    {
        slot.Status = CaSlotStatus.Retired;

        // Signing stops now, so the last SVID this CA signed is already recorded (late signers in flight are
        // still covered: EffectiveRetainUntil also reads the live value). Never past the CA's own expiry.
        var lastIssued = slot.Authority.LastIssuedNotAfter;
        slot.RetainUntil = lastIssued > now ? lastIssued : now;
    }

    private SigningAuthority Create(DateTimeOffset now)
    {
        if (upstream is not null && upstream.Signer.NotAfter <= now)
        {
            // An intermediate would be born expired (it never outlives its issuer); minting one per tick helps nobody.
            throw new InvalidOperationException($"the upstream CA expired at {upstream.Signer.NotAfter:O}; put a valid one in the upstream CA Secret");
        }

        var authority = upstream is null
            ? factory.CreateRoot(trustDomain, options.CaKeyType, now, options.CaTtl)
            : factory.CreateIntermediate(trustDomain, options.CaKeyType, now, options.CaTtl, upstream);
        AuthorityLog.Created(logger, trustDomain.Name, authority.Certificate.SerialNumber, authority.Key.Description, authority.NotAfter);
        return authority;
    }

    /// <summary>Whether a stored generation fits the current mode (see <see cref="InitializeAsync(UpstreamAuthority, CancellationToken)"/>).</summary>
    private bool Usable(SigningAuthority authority)
    {
        if (upstream is null)
        {
            return authority.IsSelfSigned;
        }

        var expectedChain = CaCertificateFactory.UpstreamChain(upstream).Select(c => c.RawData).ToList();
        var storedChain = authority.ChainForLeavesDer.Skip(1).ToList();
        return !authority.IsSelfSigned &&
               storedChain.Count == expectedChain.Count &&
               storedChain.Zip(expectedChain).All(p => p.First.AsSpan().SequenceEqual(p.Second)) &&
               CaCertificateFactory.IsSignedBy(authority, upstream.Signer);
    }

    private State Publish(List<CaSlot> slots, long sequence, IReadOnlyList<string> previouslyPublished)
    {
        var active = slots.FirstOrDefault(s => s.Status == CaSlotStatus.Active)?.Authority;
        if (active is null)
        {
            return new State(slots, sequence, null, previouslyPublished);
        }

        IReadOnlyList<X509Certificate2> authorities = upstream is not null
            ? upstream.Roots
            : slots.OrderBy(s => s.Authority.NotBefore).Select(s => s.Authority.Certificate).ToList();
        var published = Thumbprints(authorities);
        var bumped = published.SequenceEqual(previouslyPublished, StringComparer.Ordinal) ? sequence : sequence + 1;
        var bundle = new SpiffeBundle(trustDomain, authorities, bumped, options.BundleRefreshHint);
        return new State(slots, bumped, bundle, published) { Active = active };
    }

    private sealed record State(IReadOnlyList<CaSlot> Slots, long Sequence, SpiffeBundle? Bundle, IReadOnlyList<string> Published)
    {
        public static readonly State Empty = new([], 0, null, []);

        public SigningAuthority? Active { get; init; }
    }
}
