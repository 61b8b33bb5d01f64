using ModelService.Core.Errors;

namespace ModelService.Core.Storage;

/// <summary>
/// The one check of names that become blob paths, table keys or queue message fields, from routes and from queue
/// messages alike. A name is accepted only when storage would keep it exactly as written: segments of
/// <c>[A-Za-z0-9._-]</c>, no <c>.</c> or <c>..</c> segment and no <c>..</c> inside one, no trailing dot (Blob
/// storage drops it), no empty segment, no backslash, no percent-encoding (so no <c>%2F</c>). Such a path is its
/// own normal form, so its tenant prefix is checked on what storage will really address.
/// </summary>
public static class StorageNames
{
    public const int MaxSegmentLength = 255;
    public const int MaxPathLength = 1024;

    /// <summary>One path segment (a model, dataset or job name, a version, an id).</summary>
    public static bool IsSafeSegment(string? segment)
    {
        if (string.IsNullOrEmpty(segment) || segment.Length > MaxSegmentLength || segment[^1] == '.' || segment.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A '/'-separated path of safe segments.</summary>
    public static bool IsSafePath(string? path) =>
        !string.IsNullOrEmpty(path) && path.Length <= MaxPathLength && path.Split('/').All(IsSafeSegment);

    /// <summary>A safe path whose first segment is the tenant: what storage addresses stays in the tenant's folder.</summary>
    public static bool IsUnderTenant(string? path, string tenantId) =>
        IsSafePath(path) && path!.StartsWith(tenantId + "/", StringComparison.Ordinal) && path.Length > tenantId.Length + 1;

    /// <summary>Throws <see cref="ErrorCode.InvalidRequest"/> unless <paramref name="path"/> is a safe path under the tenant.</summary>
    public static string EnsureUnderTenant(string? path, string tenantId, string what) =>
        IsUnderTenant(path, tenantId)
            ? path!
            : throw new ModelServiceException(ErrorCode.InvalidRequest, $"The {what} must be a blob name of the message's tenant ('{tenantId}/…', letters, digits, '.', '_', '-', no '..').");
}
