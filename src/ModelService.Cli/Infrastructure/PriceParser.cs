using System.Globalization;

namespace ModelService.Cli.Infrastructure;

/// <summary>Prices as operators write them (currency units, up to six decimals) to integer micro-units.</summary>
public static class PriceParser
{
    private const int MaxDecimals = 6;

    public static long? ParseMicros(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var units))
        {
            throw CliException.BadInput($"{option} '{text}' is not a non-negative number such as 0.0005.");
        }

        var micros = units * 1_000_000m;
        if (micros != decimal.Truncate(micros))
        {
            throw CliException.BadInput($"{option} '{text}' has more than {MaxDecimals} decimals; prices are kept in micro-units.");
        }

        return micros <= long.MaxValue ? (long)micros : throw CliException.BadInput($"{option} '{text}' is too large.");
    }
}
