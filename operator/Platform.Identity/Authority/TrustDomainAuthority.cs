using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Platform.Identity.Bundles;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Authority;

/// <summary>
/// The trust domain's CA with SPIRE's rotation: the next CA is prepared (and published in the bundle) once
/// half of the active CA's life has passed, activated at 5/6, and a retired CA stays in the bundle until the
/// last SVID it signed has expired. State lives in a Secret so a restart reuses it. Call
/// <see cref="RotateAsync"/> periodically (SPIRE ticks every 10 s); time comes from the TimeProvider.
/// </summary>
internal sealed class TrustDomainAuthority : IDisposable
{
    private readonly TrustDomain trustDomain;
    private readonly IdentityOptions options;
    private readonly ICaSecretStore store;
    private readonly TimeProvider time;
    private readonly CaCertificateFactory factory;
    private readonly UpstreamAuthority? upstream;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile State state = new([], 0, null);

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

    /// <summary>The CA that signs new SVIDs.</summary>
    /// <exception cref="InvalidOperationException">Called before <see cref="InitializeAsync"/>.</exception>
    public SigningAuthority Active => state.Active ?? throw new InvalidOperationException("the trust-domain CA is not initialised");

    /// <summary>The published bundle (all CAs that validate live SVIDs); the sequence changes with its content.</summary>
    public SpiffeBundle Bundle => state.Bundle ?? throw new InvalidOperationException("the trust-domain CA is not initialised");

    /// <summary>All generations currently held (active, prepared, retired).</summary>
    public IReadOnlyList<CaSlot> Slots => state.Slots;

    /// <summary>Raised after the bundle content changed (sequence bumped).</summary>
    public event EventHandler<SpiffeBundle>? BundleChanged;

    /// <summary>Loads the stored CA, or creates (and stores) the first one, then applies any due rotation.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var data = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            List<CaSlot> slots = [];
            long sequence = 0;
            if (data is not null)
            {
                try
                {
                    (slots, sequence) = CaJournalCodec.Decode(data);

                    // SVIDs signed before the restart are not known any more: keep their CA until its own expiry.
                    foreach (var slot in slots.Where(s => s.Status == CaSlotStatus.Active))
                    {
                        slot.Authority.RecordIssued(slot.Authority.NotAfter);
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

            state = Publish(slots, sequence, forceBump: false);
            await StepAsync(persistAlways: data is null, cancellationToken).ConfigureAwait(false);
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
            return await StepAsync(persistAlways: false, cancellationToken).ConfigureAwait(false);
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

    private async Task<bool> StepAsync(bool persistAlways, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var slots = state.Slots.ToList();
        var changed = false;
        var bundleChanged = false;

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

            changed = bundleChanged = true;
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
            changed = bundleChanged = true;
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
            changed = bundleChanged = true;
        }

        if (!changed && !persistAlways)
        {
            return false;
        }

        var previous = state;
        var updated = Publish(slots, previous.Sequence, bundleChanged);
        await store.SaveAsync(CaJournalCodec.Encode(slots, updated.Sequence), cancellationToken).ConfigureAwait(false);
        state = updated;
        foreach (var removed in previous.Slots.Where(s => !slots.Contains(s)))
        {
            removed.Authority.Dispose();
        }

        if (updated.Sequence != previous.Sequence)
        {
            BundleChanged?.Invoke(this, updated.Bundle!);
        }

        return true;
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
        var authority = upstream is null
            ? factory.CreateRoot(trustDomain, options.CaKeyType, now, options.CaTtl)
            : factory.CreateIntermediate(trustDomain, options.CaKeyType, now, options.CaTtl, upstream);
        AuthorityLog.Created(logger, trustDomain.Name, authority.Certificate.SerialNumber, authority.Key.Description, authority.NotAfter);
        return authority;
    }

    private State Publish(List<CaSlot> slots, long sequence, bool forceBump)
    {
        var active = slots.FirstOrDefault(s => s.Status == CaSlotStatus.Active)?.Authority;
        IReadOnlyList<X509Certificate2> authorities = upstream is not null
            ? upstream.Roots
            : slots.OrderBy(s => s.Authority.NotBefore).Select(s => s.Authority.Certificate).ToList();
        var bumped = forceBump && upstream is null ? sequence + 1 : sequence;
        var bundle = active is null ? null : new SpiffeBundle(trustDomain, authorities, bumped, options.BundleRefreshHint);
        return new State(slots, bumped, bundle) { Active = active };
    }

    private sealed record State(IReadOnlyList<CaSlot> Slots, long Sequence, SpiffeBundle? Bundle)
    {
        public SigningAuthority? Active { get; init; }
    }
}
