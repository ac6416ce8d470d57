using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Sandbox.Api;
using Platform.Sandbox.Authentication;
using Platform.Sandbox.Certificates;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Semantics;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Rest;

/// <summary>
/// The verbs on stored objects with the API server's semantics: metadata rules, optimistic concurrency,
/// generation, status isolation, finalizers, schema hook and admission, then one atomic commit.
/// </summary>
internal sealed class ResourceOperations
{
    private const int PatchRetries = 8;
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly ObjectStore _store;
    private readonly ResourceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ServiceAddressAllocator _addresses;
    private readonly TokenAuthenticator _tokens;
    private readonly ICustomResourceValidator? _validator;
    private readonly IAdmissionChain? _admission;

    public ResourceOperations(ObjectStore store, ResourceCatalog catalog, TimeProvider time, ServiceAddressAllocator addresses,
        TokenAuthenticator tokens, ICustomResourceValidator? validator, IAdmissionChain? admission)
    {
        _store = store;
        _catalog = catalog;
        _time = time;
        _addresses = addresses;
        _tokens = tokens;
        _validator = validator;
        _admission = admission;
    }

    public static AdmissionUserInfo SystemUser(string name) => new($"system:serviceaccount:kube-system:{name}", "", ["system:serviceaccounts", "system:authenticated"]);

    private string Now => ObjectJson.Timestamp(_time.GetUtcNow());

    public JsonObject Get(ApiRequest req)
    {
        var obj = _store.Bucket(req.Type).Get(req.Namespace, req.Name) ?? throw ApiErrors.NotFound(req.Type, req.Name);
        return ForRead(obj, req.Type);
    }

    public StoredObject? Find(ResourceType type, string namespaceName, string name) => _store.Bucket(type).Get(namespaceName, name);

    public ListResult List(ApiRequest req)
    {
        var labels = LabelSelector.Parse(req.Param("labelSelector"));
        var fields = FieldSelector.Parse(req.Param("fieldSelector"));
        var limit = long.TryParse(req.Param("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : long.MaxValue;
        var listVersion = _store.CurrentVersion;
        string? startAfter = null;
        if (req.Param("continue") is { Length: > 0 } token)
        {
            (startAfter, listVersion) = DecodeContinue(token);
        }

        var snapshot = _store.Bucket(req.Type).Snapshot(req.Type.Namespaced && req.Namespace.Length > 0 ? req.Namespace : null);
        var items = new List<StoredObject>();
        long remaining = 0;
        string? lastKey = null;
        foreach (var o in snapshot)
        {
            if (startAfter is not null && string.CompareOrdinal(o.Key, startAfter) <= 0)
            {
                continue;
            }

            if (!labels.Matches(o.Node) || !fields.Matches(o.Node))
            {
                continue;
            }

            if (items.Count < limit)
            {
                items.Add(o);
                lastKey = o.Key;
            }
            else
            {
                remaining++;
            }
        }

        var next = remaining > 0 && lastKey is not null ? EncodeContinue(lastKey, listVersion) : null;
        return new ListResult(items, listVersion, next, remaining > 0 ? remaining : null);
    }

    public Task<ApiResult> CreateAsync(ApiRequest req, JsonObject body, CancellationToken ct) =>
        CreateAsync(req, body, ownershipRecorded: false, ct);

    private async Task<ApiResult> CreateAsync(ApiRequest req, JsonObject body, bool ownershipRecorded, CancellationToken ct)
    {
        if (req.Subresource.Length > 0)
        {
            return await CreateSubresourceAsync(req, body, ct);
        }

        var type = req.Type;
        ValidateWriteOptions(req, "CreateOptions");
        CheckTypeMeta(type, body);
        WireShapeCheck.Check(type, body);
        var meta = ObjectJson.Metadata(body);
        var ns = ResolveNamespace(req, meta);
        var name = ObjectJson.Str(meta["name"]);
        if (name.Length == 0 && req.Name.Length > 0)
        {
            name = req.Name;
        }

        if (name.Length == 0)
        {
            var generate = ObjectJson.Str(meta["generateName"]);
            if (generate.Length == 0)
            {
                throw ApiErrors.Invalid(type, "", [NameValidation.Required("metadata.name", "name or generateName is required")]);
            }

            name = generate + string.Concat(Enumerable.Range(0, 5).Select(_ => GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)]));
        }

        var nameErrors = CertificateRules.IsClusterTrustBundle(type)
            ? CertificateRules.ClusterTrustBundleName(name, ObjectJson.Str(body["spec"]?["signerName"]))
            : NameValidation.Validate(name, type.NameRule);
        if (nameErrors.Count > 0)
        {
            throw ApiErrors.Invalid(type, name, nameErrors);
        }

        if (type.Namespaced)
        {
            EnsureNamespaceAcceptsContent(type, ns, name);
        }

        meta["name"] = name;
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Now;
        meta.Remove("generation");
        if (type.TracksGeneration)
        {
            meta["generation"] = 1;
        }

        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("selfLink");
        if (type.ResetStatusOnCreate)
        {
            body.Remove("status");
        }

        // Decoding defaults the object (built-in defaulting, custom-resource schema defaults) before mutating
        // webhooks see it; the registry strategy's preparation and validation run on the mutated object, then
        // the validating webhooks see what will be stored — the order kube-apiserver's create handler uses.
        KindRules.PrepareCreate(type.Group, type.Kind, body, req.User, Now);
        DefaultCustom(type, body);
        if (!ownershipRecorded)
        {
            // As upstream: ownership is recorded on the decoded, defaulted object, before admission.
            FieldOwnership.RecordUpdate(null, body, FieldWriteOf(req));
        }

        var admitted = req with { Name = name, Namespace = ns };
        if (CertificateRules.IsPodCertificateRequest(type))
        {
            PodCertificateNodeRestriction.Admit(_store, type, ns, name, req.User, body);
        }

        var warnings = new List<string>();
        var serverOwned = ServerOwnedMetadata(meta);
        body = await AdmitPhaseAsync(Mutate, admitted, AdmissionOperation.Create, body, null, warnings, null, ct);
        meta = ObjectJson.Metadata(body);
        RestoreServerOwnedMetadata(meta, serverOwned);
        meta.Remove("resourceVersion");
        var errors = new List<FieldError>(KindRules.PrepareCreate(type.Group, type.Kind, body, req.User, Now));
        errors.AddRange(CertificateRules.ValidateCreate(type, body));
        if (type.Group == "apiextensions.k8s.io" && type.Kind == "CustomResourceDefinition")
        {
            errors.AddRange(ValidateDefinition(body));
            if (errors.Count == 0)
            {
                CustomResourceDefinitions.Establish(body, Now);
            }
        }

        ValidateCustom(type, body, null, errors);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(type, name, errors);
        }

        await AdmitPhaseAsync(Validate, admitted, AdmissionOperation.Create, body, null, warnings, null, ct);
        var isService = type.Group.Length == 0 && type.Kind == "Service";
        if (isService)
        {
            var allocation = _addresses.Allocate(body, null, req.DryRun);
            if (allocation.Count > 0)
            {
                throw ApiErrors.Invalid(type, name, allocation);
            }
        }

        StoreEvent committed;
        try
        {
            ObjectConversion.ToVersion(body, StorageType(type));
            committed = _store.Bucket(type).Commit(type, ns, name, (current, rv) =>
            {
                if (current is not null)
                {
                    throw ApiErrors.AlreadyExists(type, name);
                }

                if (!req.DryRun)
                {
                    meta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
                }

                return body;
            }, req.DryRun);
        }
        catch (ApiException) when (isService && !req.DryRun)
        {
            _addresses.Release(body);
            throw;
        }

        if (!req.DryRun)
        {
            AfterCommit(type, committed);
        }

        return new ApiResult(201, ObjectConversion.ToVersion(committed.Object.CloneNode(), type), warnings);
    }

    public async Task<ApiResult> UpdateAsync(ApiRequest req, JsonObject body, CancellationToken ct)
    {
        var type = req.Type;
        ValidateWriteOptions(req, "UpdateOptions");
        CheckTypeMeta(type, body);
        var meta = ObjectJson.Metadata(body);
        var bodyName = ObjectJson.Str(meta["name"]);
        if (bodyName.Length > 0 && bodyName != req.Name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({req.Name})");
        }

        if (type.Namespaced && ObjectJson.Str(meta["namespace"]) is { Length: > 0 } bodyNs && bodyNs != req.Namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var current = Find(type, req.Namespace, req.Name) ?? throw ApiErrors.NotFound(type, req.Name);
        var requestedVersion = ObjectJson.Str(meta["resourceVersion"]);
        if (requestedVersion.Length == 0 && type.IsCustom)
        {
            throw ApiErrors.Invalid(type, req.Name, [new FieldError("metadata.resourceVersion", "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update")]);
        }

        if (requestedVersion.Length > 0 && requestedVersion != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw ApiErrors.Modified(type, req.Name);
        }

        try
        {
            return await CommitUpdateAsync(req, Merge(req, body, current), current, ownershipRecorded: false, ct);
        }
        catch (StaleObjectException)
        {
            throw ApiErrors.Modified(type, req.Name);
        }
    }

    public async Task<ApiResult> PatchAsync(ApiRequest req, string contentType, string patchText, CancellationToken ct)
    {
        var type = req.Type;
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        var accepted = type.IsCustom
            ? new[] { "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml" }
            : ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];
        if (!accepted.Contains(mediaType))
        {
            throw ApiErrors.UnsupportedMediaType(mediaType, accepted);
        }

        var isApply = mediaType == "application/apply-patch+yaml";
        ValidatePatchOptions(req, isApply);
        JsonNode? patch = isApply ? YamlJson.Parse(patchText) : ParseJson(patchText);
        if (patch is null || (mediaType == "application/json-patch+json" ? patch is not JsonArray : patch is not JsonObject))
        {
            throw ApiErrors.BadRequest(mediaType == "application/json-patch+json"
                ? "json: cannot unmarshal object into Go value of type jsonpatch.Patch"
                : "json: cannot unmarshal array into Go value of type map[string]interface {}");
        }

        if (isApply)
        {
            CheckTypeMeta(type, (JsonObject)patch);
            if (patch["metadata"]?["managedFields"] is not null)
            {
                throw ApiErrors.BadRequest("metadata.managedFields must be nil");
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            var current = Find(type, req.Namespace, req.Name);
            if (current is null)
            {
                if (isApply && req.Subresource.Length == 0)
                {
                    var config = ServerSideApply.Scope((JsonObject)patch, type.HasStatus, "");
                    var created = (JsonObject)config.DeepClone();
                    ServerSideApply.RecordCreate(created, config, FieldWriteOf(req));
                    var meta = ObjectJson.Metadata(created);
                    if (ObjectJson.Str(meta["name"]) is { Length: > 0 } n && n != req.Name)
                    {
                        throw ApiErrors.BadRequest($"the name of the object ({n}) does not match the name on the URL ({req.Name})");
                    }

                    meta["name"] = req.Name;
                    return await CreateAsync(req, created, ownershipRecorded: true, ct);
                }

                throw ApiErrors.NotFound(type, req.Name);
            }

            var working = ObjectConversion.ToVersion(current.CloneNode(), type);
            JsonObject patched = mediaType switch
            {
                "application/json-patch+json" => JsonPatch.Apply(working, patch.DeepClone()) as JsonObject
                    ?? throw ApiErrors.BadRequest("the patch produced a non-object document"),
                "application/merge-patch+json" => (JsonObject)JsonMergePatch.Apply(working, patch.DeepClone())!,
                "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(working, (JsonObject)patch.DeepClone(), type.Kind),
                _ => ServerSideApply.Apply(working, ServerSideApply.Scope((JsonObject)patch, type.HasStatus, req.Subresource), FieldWriteOf(req), req.Force),
            };
            CheckTypeMeta(type, patched);
            var meta2 = ObjectJson.Metadata(patched);
            if (ObjectJson.Str(meta2["name"]) != req.Name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({ObjectJson.Str(meta2["name"])}) does not match the name on the URL ({req.Name})");
            }

            var patchVersion = ObjectJson.Str((patch as JsonObject)?["metadata"]?["resourceVersion"]);
            if (patchVersion.Length > 0 && patchVersion != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiErrors.Modified(type, req.Name);
            }

            try
            {
                var next = Merge(req, patched, current);
                if (isApply)
                {
                    // Apply computed the ownership itself (Merge keeps only what the subresource may change).
                    var metadata = ObjectJson.Metadata(next);
                    metadata.Remove("managedFields");
                    if (patched["metadata"]?["managedFields"] is { } owned)
                    {
                        metadata["managedFields"] = owned.DeepClone();
                    }
                }

                return await CommitUpdateAsync(req, next, current, ownershipRecorded: isApply, ct);
            }
            catch (StaleObjectException) when (attempt < PatchRetries && patchVersion.Length == 0)
            {
                // Lost a race with another writer: re-read and re-apply, as GuaranteedUpdate does.
            }
            catch (StaleObjectException)
            {
                throw ApiErrors.Modified(type, req.Name);
            }
        }
    }

    public async Task<ApiResult> DeleteAsync(ApiRequest req, JsonObject? options, CancellationToken ct)
    {
        var type = req.Type;
        for (var attempt = 0; ; attempt++)
        {
            var current = Find(type, req.Namespace, req.Name) ?? throw ApiErrors.NotFound(type, req.Name);
            CheckPreconditions(type, req.Name, current, options);
            var policy = ObjectJson.Str(options?["propagationPolicy"]);
            if (policy.Length == 0 && options?["orphanDependents"] is JsonValue orphan && orphan.TryGetValue<bool>(out var o) && o)
            {
                policy = "Orphan";
            }

            if (policy.Length > 0 && policy is not "Orphan" and not "Background" and not "Foreground")
            {
                throw ApiErrors.Invalid(type, req.Name, [new FieldError("propagationPolicy", "FieldValueNotSupported", $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"")]);
            }

            var warnings = new List<string>();
            var old = ObjectConversion.ToVersion(current.CloneNode(), type);
            await AdmitAsync(req, AdmissionOperation.Delete, null, old, warnings, ct, options);
            try
            {
                return DeleteCommitted(req, current, policy, warnings, options);
            }
            catch (StaleObjectException) when (attempt < PatchRetries)
            {
            }
        }
    }

    private ApiResult DeleteCommitted(ApiRequest req, StoredObject current, string policy, List<string> warnings, JsonObject? options)
    {
        var type = req.Type;
        var isNamespace = type.Group.Length == 0 && type.Kind == "Namespace";
        var (pending, grace) = type.Group.Length == 0 && type.Kind == "Pod" ? PodGracePeriod(current.Node, options) : (false, null);
        if (pending)
        {
            // A graceful deletion is under way and this request does not shorten it: nothing changes, not even finalizers.
            return new ApiResult(200, ObjectConversion.ToVersion(current.CloneNode(), type), warnings);
        }

        var finalizers = ObjectJson.Finalizers(current.Node);
        if (policy == "Foreground" && !finalizers.Contains("foregroundDeletion"))
        {
            finalizers.Add("foregroundDeletion");
        }

        if (policy == "Orphan" && !finalizers.Contains("orphan"))
        {
            finalizers.Add("orphan");
        }

        if (isNamespace || finalizers.Count > 0 || grace > 0)
        {
            // Graceful: mark for deletion; finalizers (or the namespace controller, or the pod's kubelet) finish it.
            var marked = current.CloneNode();
            var meta = ObjectJson.Metadata(marked);
            if (grace is { } seconds)
            {
                SetPodDeletionGrace(meta, seconds, type.TracksGeneration);
            }
            else if (meta["deletionTimestamp"] is null)
            {
                meta["deletionTimestamp"] = Now;
                meta["deletionGracePeriodSeconds"] = 0;
                if (type.TracksGeneration)
                {
                    meta["generation"] = (ObjectJson.Long(meta["generation"]) ?? 0) + 1;
                }
            }

            ObjectJson.SetFinalizers(marked, finalizers);
            if (isNamespace)
            {
                marked["status"] = new JsonObject { ["phase"] = "Terminating" };
            }

            var e = _store.Bucket(type).Commit(type, req.Namespace, req.Name, (latest, rv) =>
            {
                if (latest is null || latest.ResourceVersion != current.ResourceVersion)
                {
                    throw new StaleObjectException();
                }

                if (!req.DryRun)
                {
                    meta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
                }

                return marked;
            }, req.DryRun);
            return new ApiResult(200, ObjectConversion.ToVersion(e.Object.CloneNode(), type), warnings);
        }

        var deleted = _store.Bucket(type).Commit(type, req.Namespace, req.Name, (latest, _) =>
            latest is null || latest.ResourceVersion != current.ResourceVersion ? throw new StaleObjectException() : null, req.DryRun);
        if (!req.DryRun)
        {
            AfterCommit(type, deleted);
        }

        return new ApiResult(200, ObjectConversion.ToVersion(deleted.Object.CloneNode(), type), warnings);
    }

    /// <summary>
    /// Graceful pod deletion (rest.BeforeDelete with the pod strategy): the grace period the kubelet gets, null to
    /// delete now (or mark with grace 0 when finalizers hold the pod), Pending when a deletion already under way
    /// is not shortened by this request. Unbound and terminated pods, and <c>gracePeriodSeconds=0</c>, go at once.
    /// </summary>
    private static (bool Pending, long? Seconds) PodGracePeriod(JsonObject pod, JsonObject? options)
    {
        var requested = ObjectJson.Long(options?["gracePeriodSeconds"]);
        if (requested < 0)
        {
            // Negative grace periods are treated as 1 s on the delete path.
            requested = 1;
        }

        var meta = pod["metadata"];
        if (meta?["deletionTimestamp"] is not null)
        {
            var existing = ObjectJson.Long(meta["deletionGracePeriodSeconds"]);
            if (existing is null or 0)
            {
                return (false, null);
            }

            // Only a shorter grace period may be given once deletion started.
            return requested is { } shorter && shorter < existing ? (false, shorter) : (true, null);
        }

        var period = requested ?? ObjectJson.Long(pod["spec"]?["terminationGracePeriodSeconds"]) ?? 30;
        if (ObjectJson.Str(pod["spec"]?["nodeName"]).Length == 0 || ObjectJson.Str(pod["status"]?["phase"]) is "Succeeded" or "Failed")
        {
            period = 0;
        }

        return (false, period == 0 ? null : Math.Max(period, 1));
    }

    /// <summary>deletionTimestamp is when the grace period ends; a shorter period moves it earlier by the difference.</summary>
    private void SetPodDeletionGrace(JsonObject meta, long seconds, bool tracksGeneration)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset deadline;
        if (meta["deletionTimestamp"] is { } started && DateTimeOffset.TryParse(ObjectJson.Str(started), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var previous))
        {
            deadline = previous.AddSeconds(seconds - (ObjectJson.Long(meta["deletionGracePeriodSeconds"]) ?? 0));
        }
        else
        {
            deadline = now.AddSeconds(seconds);
            if (tracksGeneration)
            {
                meta["generation"] = (ObjectJson.Long(meta["generation"]) ?? 0) + 1;
            }
        }

        meta["deletionTimestamp"] = ObjectJson.Timestamp(deadline);
        meta["deletionGracePeriodSeconds"] = seconds;
    }

    /// <summary>Deletes what matches the request's selectors; answers with the list of deleted objects.</summary>
    public async Task<ApiResult> DeleteCollectionAsync(ApiRequest req, JsonObject? options, CancellationToken ct)
    {
        var items = new JsonArray();
        foreach (var o in List(req with { Query = req.Query.Where(q => q.Key is "labelSelector" or "fieldSelector").ToDictionary() }).Items)
        {
            try
            {
                var r = await DeleteAsync(req with { Namespace = o.Namespace, Name = o.Name }, options, ct);
                items.Add(r.Body);
            }
            catch (ApiException e) when (e.Code == 404)
            {
            }
        }

        return new ApiResult(200, new JsonObject
        {
            ["kind"] = req.Type.Kind + "List",
            ["apiVersion"] = req.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = _store.CurrentVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        }, []);
    }

    /// <summary>
    /// Builds the object to store from a submitted one: immutable metadata is kept, status and main
    /// resource are isolated from each other, subresources only change what they own.
    /// </summary>
    private static JsonObject Merge(ApiRequest req, JsonObject submitted, StoredObject current)
    {
        var type = req.Type;
        var old = ObjectConversion.ToVersion(current.CloneNode(), type);
        JsonObject next;
        switch (req.Subresource)
        {
            case "status":
                next = old;
                next.Remove("status");
                if (submitted["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }

                // Approval decisions belong to the approval subresource.
                if (type.Kind == "CertificateSigningRequest")
                {
                    KeepApprovalConditions(next, current.Node);
                }

                return next;
            case "approval":
                next = old;
                var st = next["status"] as JsonObject ?? [];
                next["status"] = st;
                st["conditions"] = submitted["status"]?["conditions"]?.DeepClone();
                return next;
            case "finalize":
                next = old;
                next["spec"] = new JsonObject { ["finalizers"] = submitted["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray() };
                return next;
            case "":
                next = (JsonObject)submitted.DeepClone();
                if (type.HasStatus)
                {
                    next.Remove("status");
                    if (old["status"] is { } oldStatus)
                    {
                        next["status"] = oldStatus.DeepClone();
                    }
                }

                var meta = ObjectJson.Metadata(next);
                var oldMeta = ObjectJson.Metadata(old);
                foreach (var f in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "name", "namespace" })
                {
                    meta.Remove(f);
                    if (oldMeta[f] is { } v)
                    {
                        meta[f] = v.DeepClone();
                    }
                }

                if (meta["managedFields"] is null && oldMeta["managedFields"] is { } mf)
                {
                    meta["managedFields"] = mf.DeepClone();
                }

                return next;
            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    private static void KeepApprovalConditions(JsonObject next, JsonObject stored)
    {
        static bool IsApproval(JsonNode? c) => ObjectJson.Str(c?["type"]) is "Approved" or "Denied";
        var approvals = (stored["status"]?["conditions"] as JsonArray)?.Where(IsApproval).Select(c => c!.DeepClone()).ToList() ?? [];
        var status = next["status"] as JsonObject ?? [];
        next["status"] = status;
        var others = (status["conditions"] as JsonArray)?.Where(c => !IsApproval(c)).Select(c => c?.DeepClone()).ToList() ?? [];
        if (approvals.Count + others.Count > 0)
        {
            status["conditions"] = new JsonArray([.. approvals, .. others]);
        }
        else
        {
            status.Remove("conditions");
        }
    }

    private async Task<ApiResult> CommitUpdateAsync(ApiRequest req, JsonObject next, StoredObject current, bool ownershipRecorded, CancellationToken ct)
    {
        var type = req.Type;
        var meta = ObjectJson.Metadata(next);
        var oldNode = current.Node;
        WireShapeCheck.Check(type, next);
        KindRules.PrepareUpdate(type.Group, type.Kind, next);
        DefaultCustom(type, next);
        var oldVersioned = ObjectConversion.ToVersion(current.CloneNode(), type);
        if (!ownershipRecorded)
        {
            FieldOwnership.RecordUpdate(oldVersioned, next, FieldWriteOf(req));
        }

        var warnings = new List<string>();
        var serverOwned = ServerOwnedMetadata(meta);
        next = await AdmitPhaseAsync(Mutate, req, AdmissionOperation.Update, next, oldVersioned, warnings, null, ct);
        meta = ObjectJson.Metadata(next);
        RestoreServerOwnedMetadata(meta, serverOwned);
        KindRules.PrepareUpdate(type.Group, type.Kind, next);
        if (type.TracksGeneration)
        {
            var generation = ObjectJson.Long(oldNode["metadata"]?["generation"]) ?? 1;
            meta["generation"] = ObjectJson.SpecChanged(next, oldNode) ? generation + 1 : generation;
        }
        else
        {
            meta.Remove("generation");
        }

        var errors = new List<FieldError>();
        if (type.Group == "apiextensions.k8s.io" && type.Kind == "CustomResourceDefinition" && req.Subresource.Length == 0)
        {
            errors.AddRange(ValidateDefinition(next));
            if (errors.Count == 0)
            {
                CustomResourceDefinitions.Establish(next, Now);
            }
        }

        if (ObjectJson.IsDeleting(oldNode))
        {
            var added = ObjectJson.Finalizers(next).Except(ObjectJson.Finalizers(oldNode)).ToList();
            if (added.Count > 0)
            {
                errors.Add(new FieldError("metadata.finalizers", "FieldValueForbidden", $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}"));
            }
        }

        errors.AddRange(CertificateRules.ValidateUpdate(type, req.Subresource, next, oldVersioned, _time.GetUtcNow()));
        ValidateCustom(type, next, oldVersioned, errors);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(type, req.Name, errors);
        }

        await AdmitPhaseAsync(Validate, req, AdmissionOperation.Update, next, oldVersioned, warnings, null, ct);
        var isService = type.Group.Length == 0 && type.Kind == "Service" && req.Subresource.Length == 0;
        if (isService)
        {
            var allocation = _addresses.Allocate(next, current.Node, req.DryRun);
            if (allocation.Count > 0)
            {
                throw ApiErrors.Invalid(type, req.Name, allocation);
            }
        }

        // Finalizers all gone on an object marked for deletion: the update completes the deletion, unless a
        // grace period is still running (a terminating pod goes with its kubelet's final DELETE).
        var finishDelete = ObjectJson.IsDeleting(next) && ObjectJson.Finalizers(next).Count == 0
            && (ObjectJson.Long(oldNode["metadata"]?["deletionGracePeriodSeconds"]) ?? 0) == 0
            && !(type.Group.Length == 0 && type.Kind == "Namespace" && (next["spec"]?["finalizers"] as JsonArray)?.Count > 0);
        ObjectConversion.ToVersion(next, StorageType(type));
        var e = _store.Bucket(type).Commit(type, req.Namespace, req.Name, (latest, rv) =>
        {
            if (latest is null || latest.ResourceVersion != current.ResourceVersion)
            {
                throw new StaleObjectException();
            }

            if (finishDelete)
            {
                return null;
            }

            if (!req.DryRun)
            {
                meta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            }

            return next;
        }, req.DryRun);
        if (!req.DryRun)
        {
            if (isService && e.Type == WatchEventType.Modified)
            {
                ReleaseDropped(current.Node, next);
            }

            AfterCommit(type, e);
        }

        return new ApiResult(200, ObjectConversion.ToVersion(finishDelete ? next : e.Object.CloneNode(), type), warnings);
    }

    private void ReleaseDropped(JsonObject oldService, JsonObject newService)
    {
        var kept = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["clusterIPs"] = new JsonArray([.. ((oldService["spec"]?["clusterIPs"] as JsonArray) ?? [])
                    .Where(ip => !((newService["spec"]?["clusterIPs"] as JsonArray) ?? []).Any(n => JsonNode.DeepEquals(n, ip)))
                    .Select(ip => ip?.DeepClone())]),
            },
        };
        _addresses.Release(kept);
    }

    private async Task<ApiResult> CreateSubresourceAsync(ApiRequest req, JsonObject body, CancellationToken ct)
    {
        var type = req.Type;
        switch (type.Kind, req.Subresource)
        {
            case ("Pod", "binding"):
                {
                    var node = ObjectJson.Str(body["target"]?["name"]);
                    if (node.Length == 0)
                    {
                        throw ApiErrors.Invalid(type, req.Name, [new FieldError("target.name", "FieldValueRequired", "Required value")]);
                    }

                    var current = Find(type, req.Namespace, req.Name) ?? throw ApiErrors.NotFound(type, req.Name);
                    if (ObjectJson.Str(current.Node["spec"]?["nodeName"]) is { Length: > 0 } assigned)
                    {
                        throw ApiErrors.Conflict(type, req.Name, $"pod {req.Name} is already assigned to node \"{assigned}\"");
                    }

                    var bound = current.CloneNode();
                    ((JsonObject)bound["spec"]!)["nodeName"] = node;
                    var status = bound["status"] as JsonObject ?? [];
                    bound["status"] = status;
                    status["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastTransitionTime"] = Now });
                    var result = await CommitUpdateAsync(req with { Subresource = "" }, bound, current, ownershipRecorded: false, ct);
                    return new ApiResult(201, new JsonObject
                    {
                        ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201,
                    }, result.Warnings);
                }

            case ("ServiceAccount", "token"):
                {
                    var sa = Find(type, req.Namespace, req.Name) ?? throw ApiErrors.NotFound(type, req.Name);
                    var expiration = ObjectJson.Long(body["spec"]?["expirationSeconds"]) ?? 3600;
                    var token = _tokens.IssueServiceAccountToken(req.Namespace, req.Name, sa.Uid);
                    var spec = body["spec"]?.DeepClone() as JsonObject ?? [];
                    spec["expirationSeconds"] = expiration;
                    spec["audiences"] ??= new JsonArray("https://kubernetes.default.svc");
                    return new ApiResult(201, new JsonObject
                    {
                        ["kind"] = "TokenRequest",
                        ["apiVersion"] = "authentication.k8s.io/v1",
                        ["metadata"] = new JsonObject { ["name"] = req.Name, ["namespace"] = req.Namespace, ["creationTimestamp"] = Now },
                        ["spec"] = spec,
                        ["status"] = new JsonObject
                        {
                            ["token"] = token,
                            ["expirationTimestamp"] = ObjectJson.Timestamp(_time.GetUtcNow().AddSeconds(expiration)),
                        },
                    }, []);
                }

            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    private void AfterCommit(ResourceType type, StoreEvent e)
    {
        if (type.Group == "apiextensions.k8s.io" && type.Kind == "CustomResourceDefinition")
        {
            var name = e.Object.Name;
            if (e.Type == WatchEventType.Deleted)
            {
                var served = _catalog.All.FirstOrDefault(t => t.CrdName == name);
                _catalog.SetCustom(name, []);
                if (served is not null)
                {
                    var bucket = _store.Bucket(served.StorageKey);
                    foreach (var o in bucket.Snapshot(null))
                    {
                        bucket.Commit(served, o.Namespace, o.Name, (_, _) => null);
                    }
                }
            }
            else
            {
                _catalog.SetCustom(name, CustomResourceDefinitions.ToResourceTypes(e.Object.Node));
            }
        }
        else if (type.Group.Length == 0 && type.Kind == "Service" && e.Type == WatchEventType.Deleted)
        {
            _addresses.Release(e.Object.Node);
        }
        else if (type.Group.Length == 0 && type.Kind == "Namespace" && e.Type == WatchEventType.Added)
        {
            // The service-account controller's job on a real cluster: every namespace gets "default".
            var saType = _catalog.Find("", "v1", "serviceaccounts")!;
            _store.Bucket(saType).Commit(saType, e.Object.Name, "default", (current, rv) => current is not null ? current.CloneNode() : new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = new JsonObject
                {
                    ["name"] = "default",
                    ["namespace"] = e.Object.Name,
                    ["uid"] = Guid.NewGuid().ToString(),
                    ["creationTimestamp"] = Now,
                    ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture),
                },
            });
        }
    }

    private void ValidateCustom(ResourceType type, JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        if (!type.IsCustom || type.Schema is null || _validator is null || errors.Count > 0)
        {
            return;
        }

        errors.AddRange(_validator.ValidateAndDefault(type.Schema, obj, old));
    }

    private static Task<AdmissionOutcome> Both(IAdmissionChain chain, AdmissionAttributes attributes, CancellationToken ct) => chain.AdmitAsync(attributes, ct);

    private static Task<AdmissionOutcome> Mutate(IAdmissionChain chain, AdmissionAttributes attributes, CancellationToken ct) => chain.MutateAsync(attributes, ct);

    private static Task<AdmissionOutcome> Validate(IAdmissionChain chain, AdmissionAttributes attributes, CancellationToken ct) => chain.ValidateAsync(attributes, ct);

    private Task<JsonObject> AdmitAsync(ApiRequest req, AdmissionOperation operation, JsonObject? obj, JsonObject? old,
        List<string> warnings, CancellationToken ct, JsonObject? options = null) =>
        AdmitPhaseAsync(Both, req, operation, obj, old, warnings, options, ct);

    private async Task<JsonObject> AdmitPhaseAsync(Func<IAdmissionChain, AdmissionAttributes, CancellationToken, Task<AdmissionOutcome>> phase,
        ApiRequest req, AdmissionOperation operation, JsonObject? obj, JsonObject? old, List<string> warnings, JsonObject? options, CancellationToken ct)
    {
        if (_admission is null)
        {
            return obj!;
        }

        var outcome = await phase(_admission, new AdmissionAttributes
        {
            Operation = operation,
            Group = req.Type.Group,
            Version = req.Type.Version,
            Resource = req.Type.Plural,
            Subresource = req.Subresource,
            KindGroup = req.Type.Group,
            KindVersion = req.Type.Version,
            Kind = req.Type.Kind,
            Name = req.Name.Length > 0 ? req.Name : ObjectJson.Str(obj?["metadata"]?["name"]),
            Namespace = req.Type.Namespaced ? req.Namespace : "",
            UserInfo = req.User,
            Object = obj,
            OldObject = old,
            DryRun = req.DryRun,
            Options = options ?? new JsonObject
            {
                ["kind"] = operation == AdmissionOperation.Create ? "CreateOptions" : operation == AdmissionOperation.Update ? "UpdateOptions" : "DeleteOptions",
                ["apiVersion"] = "meta.k8s.io/v1",
            },
        }, ct);
        warnings.AddRange(outcome.Warnings);
        if (!outcome.Allowed)
        {
            var s = outcome.Status ?? new AdmissionStatus(403, "Forbidden", "admission denied the request");
            throw new ApiException(s.Code, s.Reason, s.Message) { DetailsName = req.Name, DetailsGroup = req.Type.Group, DetailsKind = req.Type.Plural };
        }

        return outcome.Object ?? obj!;
    }

    private static readonly string[] ServerOwnedFields = ["name", "namespace", "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"];

    private static Dictionary<string, JsonNode?> ServerOwnedMetadata(JsonObject meta) =>
        ServerOwnedFields.ToDictionary(f => f, f => meta[f]?.DeepClone(), StringComparer.Ordinal);

    /// <summary>Mutating webhooks cannot rename an object or rewrite the metadata the server owns.</summary>
    private static void RestoreServerOwnedMetadata(JsonObject meta, Dictionary<string, JsonNode?> saved)
    {
        foreach (var (field, value) in saved)
        {
            meta.Remove(field);
            if (value is not null)
            {
                meta[field] = value.DeepClone();
            }
        }
    }

    /// <summary>Schema defaults of a custom resource, as decoding (and reading from storage) applies them.</summary>
    private void DefaultCustom(ResourceType type, JsonObject obj)
    {
        if (type.IsCustom && type.Schema is not null && _validator is not null)
        {
            _validator.ApplyDefaults(type.Schema, obj);
        }
    }

    /// <summary>A custom resource as read: converted to the requested version and defaulted by its schema.</summary>
    public JsonObject ForRead(StoredObject stored, ResourceType type)
    {
        var obj = ObjectConversion.ToVersion(stored.CloneNode(), type);
        DefaultCustom(type, obj);
        return obj;
    }

    /// <summary>Whether <see cref="ForRead"/> changes anything for <paramref name="type"/> (else the stored bytes are served).</summary>
    public bool TransformsOnRead(ResourceType type) =>
        ObjectConversion.NeedsConversion(type) || (type.IsCustom && type.Schema is not null && _validator is not null);

    /// <summary>CRD validation: the definition's shape, then every version's CEL rules must compile.</summary>
    private List<FieldError> ValidateDefinition(JsonObject crd)
    {
        var errors = new List<FieldError>(CustomResourceDefinitions.Validate(crd));
        if (errors.Count > 0 || _validator is null)
        {
            return errors;
        }

        var versions = (crd["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        for (var i = 0; i < versions.Count; i++)
        {
            if (CustomResourceDefinitions.ReadSchema(versions[i]) is not { } schema)
            {
                continue;
            }

            foreach (var e in _validator.CheckRules(schema))
            {
                errors.Add(e with { Path = $"spec.versions[{i}].schema.{e.Path}" });
            }
        }

        return errors;
    }

    private ResourceType StorageType(ResourceType type) =>
        type.IsStorageVersion ? type : _catalog.StorageTypeOf(type.StorageKey) ?? type;

    private FieldWrite FieldWriteOf(ApiRequest req) =>
        new(req.Manager, req.Type.ApiVersion, req.Subresource, req.Type.Kind, req.Type.IsCustom, Now);

    /// <summary>Upstream's Create/UpdateOptions validation of fieldManager (422 on the options kind).</summary>
    private static void ValidateWriteOptions(ApiRequest req, string optionsKind)
    {
        var errors = FieldManagerName.Validate(req.FieldManager);
        if (errors.Count > 0)
        {
            throw OptionsInvalid(optionsKind, errors);
        }
    }

    /// <summary>
    /// Upstream's PatchOptions validation: apply requires a fieldManager, force is only for apply, and the
    /// fieldManager must be valid.
    /// </summary>
    private static void ValidatePatchOptions(ApiRequest req, bool isApply)
    {
        var errors = new List<FieldError>();
        if (!isApply && req.Query.ContainsKey("force"))
        {
            errors.Add(new FieldError("force", "FieldValueForbidden", "Forbidden: may not be specified for non-apply patch"));
        }

        if (isApply && req.FieldManager.Length == 0)
        {
            errors.Add(new FieldError("fieldManager", "FieldValueRequired", "Required value: is required for apply patch"));
        }

        errors.AddRange(FieldManagerName.Validate(req.FieldManager));
        if (errors.Count > 0)
        {
            throw OptionsInvalid("PatchOptions", errors);
        }
    }

    private static ApiException OptionsInvalid(string optionsKind, List<FieldError> errors) =>
        new(422, "Invalid", Schema.FieldErrors.ToStatusMessage(optionsKind + ".meta.k8s.io", "", errors))
        {
            DetailsGroup = "meta.k8s.io", DetailsKind = optionsKind, Causes = errors,
        };

    private static void CheckPreconditions(ResourceType type, string name, StoredObject current, JsonObject? options)
    {
        if (options?["preconditions"] is not JsonObject pre)
        {
            return;
        }

        if (ObjectJson.Str(pre["uid"]) is { Length: > 0 } uid && uid != current.Uid)
        {
            throw ApiErrors.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
        }

        if (ObjectJson.Str(pre["resourceVersion"]) is { Length: > 0 } rv && rv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw ApiErrors.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.ResourceVersion}");
        }
    }

    private static void CheckTypeMeta(ResourceType type, JsonObject body)
    {
        var apiVersion = ObjectJson.Str(body["apiVersion"]);
        var kind = ObjectJson.Str(body["kind"]);
        if (kind.Length == 0 && apiVersion.Length == 0)
        {
            body["apiVersion"] = type.ApiVersion;
            body["kind"] = type.Kind;
            return;
        }

        if (apiVersion != type.ApiVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (kind != type.Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }
    }

    private static string ResolveNamespace(ApiRequest req, JsonObject meta)
    {
        if (!req.Type.Namespaced)
        {
            meta.Remove("namespace");
            return "";
        }

        var bodyNs = ObjectJson.Str(meta["namespace"]);
        if (bodyNs.Length > 0 && bodyNs != req.Namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        meta["namespace"] = req.Namespace;
        return req.Namespace;
    }

    private void EnsureNamespaceAcceptsContent(ResourceType type, string ns, string name)
    {
        var nsType = _catalog.Find("", "v1", "namespaces")!;
        var stored = _store.Bucket(nsType).Get("", ns) ?? throw ApiErrors.NotFound(nsType, ns);
        if (ObjectJson.IsDeleting(stored.Node))
        {
            throw ApiErrors.Forbidden(type, name, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {e.Message}");
        }
    }

    private static string EncodeContinue(string key, long version) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = version, ["start"] = key })))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Key, long Version) DecodeContinue(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var node = JsonNode.Parse(Convert.FromBase64String(padded));
            return (node!["start"]!.GetValue<string>(), ObjectJson.Long(node["rv"]) ?? 0);
        }
        catch (Exception e) when (e is FormatException or JsonException or NullReferenceException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }
    }
}
