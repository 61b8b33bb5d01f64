namespace ModelService.Core.Tenancy;

/// <summary>What a key may do. A call names the one scope it needs.</summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,
    Infer = 1,
    Train = 2,
    Usage = 4,
    Manage = 8,
    All = Infer | Train | Usage | Manage,
}
