using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Core.Storage;
using ModelService.Core.Training;

namespace ModelService.Core.Tests.Naming;

public sealed class StorageNamesTests
{
    [Theory]
    [InlineData("acme/p1/request.json")]
    [InlineData("acme/a.b/c_d-e")]
    public void A_plain_path_under_the_tenant_is_accepted(string path) =>
        Assert.Equal(path, StorageNames.EnsureUnderTenant(path, "acme", "blob"));

    [Theory]
    [InlineData("acme/../other/p1/request.json")]
    [InlineData("acme/./p1/request.json")]
    [InlineData("acme/p1/..")]
    [InlineData("acme/p1../request.json")]
    [InlineData("acme/p1./request.json")]
    [InlineData("acme/%2E%2E/other/request.json")]
    [InlineData("acme/..%2Fother/request.json")]
    [InlineData("acme%2F../other/request.json")]
    [InlineData("acme\\..\\other/request.json")]
    [InlineData("acme/p1\\request.json")]
    [InlineData("acme//request.json")]
    [InlineData("acme/")]
    [InlineData("acme")]
    [InlineData("/acme/p1/request.json")]
    [InlineData("other/p1/request.json")]
    [InlineData("acme-2/p1/request.json")]
    [InlineData("acme/p1/request.json?comp=list")]
    [InlineData("acme/p1/re quest.json")]
    [InlineData("acme/p1/r\u00e9quest.json")]
    [InlineData("acme/p1/request.json\n")]
    [InlineData("")]
    [InlineData(null)]
    public void A_path_that_could_leave_the_tenant_is_refused_before_storage_sees_it(string? path)
    {
        var refusal = Assert.Throws<ModelServiceException>(() => StorageNames.EnsureUnderTenant(path, "acme", "request blob"));
        Assert.Equal(ErrorCode.InvalidRequest, refusal.Code);
        Assert.False(StorageNames.IsUnderTenant(path, "acme"));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("model.")]
    [InlineData("..")]
    [InlineData("a%2Fb")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("%2e%2e")]
    public void Model_and_dataset_names_with_dots_or_separators_are_refused(string name)
    {
        Assert.False(ModelNames.IsValidName(name));
        Assert.Equal(ErrorCode.InvalidModelReference, Assert.Throws<ModelServiceException>(() => ModelNames.EnsureValidName(name)).Code);
        Assert.Equal(ErrorCode.InvalidRequest, Assert.Throws<ModelServiceException>(() => DatasetNames.EnsureValid(name)).Code);
    }

    [Theory]
    [InlineData("iris-mlp")]
    [InlineData("sentiment-en.v2")]
    [InlineData("a_b")]
    public void Ordinary_model_names_stay_valid(string name) => Assert.True(ModelNames.IsValidName(name));

    [Theory]
    [InlineData("..")]
    [InlineData("0123456789abcdef0123456789abcdef/..")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public void Job_ids_are_only_32_lowercase_hex_digits(string id) => Assert.False(TrainingJobIds.IsValid(id));
}
