using ModelService.Core.Webhooks;

namespace ModelService.Core.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void A_signature_verifies_and_a_changed_body_or_secret_does_not()
    {
        var secret = WebhookSignature.NewSecret();
        var signature = WebhookSignature.Sign(secret, "msg-1", 1_764_000_000, """{"status":"succeeded"}""");

        Assert.StartsWith("v1,", signature, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(secret, "msg-1", 1_764_000_000, """{"status":"succeeded"}""", signature));
        Assert.False(WebhookSignature.Verify(secret, "msg-1", 1_764_000_000, """{"status":"failed"}""", signature));
        Assert.False(WebhookSignature.Verify(WebhookSignature.NewSecret(), "msg-1", 1_764_000_000, """{"status":"succeeded"}""", signature));
    }

    [Fact]
    public void The_signature_matches_the_standard_webhooks_reference_example()
    {
        // The example in the Standard Webhooks specification (standardwebhooks.com).
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string body = """{"test": 2432232314}""";

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
    }
}
