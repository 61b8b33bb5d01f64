namespace ModelService.Learning.Tests;

public sealed class AdamMomentsTests
{
    [Fact]
    public void The_first_step_moves_every_value_by_the_learning_rate_against_its_gradient_whatever_its_size()
    {
        float[] values = [1f, 1f, 1f], gradient = [0.5f, -2f, 1e-3f];

        new AdamMoments(3).Step(values, gradient, learningRate: 0.1f, step: 1);

        Assert.Equal([0.9f, 1.1f, 0.9f], values, (a, b) => MathF.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void A_gradient_that_flips_sign_is_damped_by_the_first_moment()
    {
        var adam = new AdamMoments(1);
        float[] values = [0f];

        adam.Step(values, [1f], learningRate: 0.1f, step: 1);
        var afterFirst = values[0];
        adam.Step(values, [-1f], learningRate: 0.1f, step: 2);

        // m = 0.09 - 0.1 = -0.01 after bias correction is about -0.053: a step back far smaller than the first one.
        Assert.Equal(-0.1f, afterFirst, 1e-5f);
        Assert.InRange(values[0] - afterFirst, 0f, 0.01f);
    }
}
