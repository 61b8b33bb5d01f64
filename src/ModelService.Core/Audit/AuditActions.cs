namespace ModelService.Core.Audit;

/// <summary>The actions the audit trail records.</summary>
public static class AuditActions
{
    public const string ModelPublish = "model.publish";
    public const string AliasSet = "alias.set";
    public const string ModelPrivacy = "model.privacy";
    public const string TenantCreate = "tenant.create";
    public const string TenantDelete = "tenant.delete";
    public const string KeyCreate = "key.create";
    public const string KeyRevoke = "key.revoke";
    public const string KeyRotate = "key.rotate";
}
