using ModelService.Core.Errors;
using ModelService.Core.Registry;

namespace ModelService.Core.Tests.Registry;

public sealed class ModelReferenceTests
{
    [Theory]
    [InlineData("sentiment-en", "sentiment-en", null, "latest")]
    [InlineData("sentiment-en:3", "sentiment-en", 3, null)]
    [InlineData("sentiment-en:latest", "sentiment-en", null, "latest")]
    [InlineData("sentiment-en@prod", "sentiment-en", null, "prod")]
    [InlineData("a.b_c-1:12", "a.b_c-1", 12, null)]
    public void References_name_a_model_and_a_version_alias_or_latest(string text, string name, int? number, string? alias)
    {
        var reference = ModelReference.Parse(text);

        Assert.Equal(name, reference.Name);
        Assert.Equal(number, reference.Version.Number);
        Assert.Equal(alias, reference.Version.Alias);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("x:0")]
    [InlineData("x:-2")]
    [InlineData("x:1.5")]
    [InlineData("x@Prod")]
    [InlineData("x@")]
    [InlineData(":1")]
    [InlineData("x:2147483648")]
    [InlineData("x\u0000y")]
    public void Malformed_references_are_refused_with_a_typed_error(string text)
    {
        var error = Assert.Throws<ModelServiceException>(() => ModelReference.Parse(text));

        Assert.Equal(ErrorCode.InvalidModelReference, error.Code);
    }

    [Fact]
    public void Names_longer_than_the_limit_are_refused()
    {
        Assert.Throws<ModelServiceException>(() => ModelNames.EnsureValidName(new string('a', ModelNames.MaxNameLength + 1)));
        ModelNames.EnsureValidName(new string('a', ModelNames.MaxNameLength));
    }
}
