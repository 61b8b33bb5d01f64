namespace ModelService.Testing;

/// <summary>Unique, storage-valid names so that tests never see each other's data.</summary>
public static class TestNames
{
    /// <summary>A blob container or queue name: lowercase letters, digits and dashes, 3 to 63 characters.</summary>
    public static string Container(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(purpose.Length + 33, 63)];

    /// <summary>A table name: letters and digits only, starting with a letter.</summary>
    public static string Table(string purpose) => $"{purpose}{Guid.NewGuid():N}"[..Math.Min(purpose.Length + 32, 63)];

    /// <summary>A model name in the registry's alphabet.</summary>
    public static string Model(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 9)];

    /// <summary>A tenant id of the test's own (tenant ids are 3 to 63 lowercase letters, digits and '-').</summary>
    public static string Tenant(string purpose = "t") => $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)];
}
