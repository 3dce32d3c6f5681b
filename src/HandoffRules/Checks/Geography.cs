using System;
using System.Collections.Generic;
using System.Text;

namespace HandoffRules.Checks;

/// <summary>
/// Country and region codes with the names and aliases people actually type into forms.
/// Shared by intake normalisation and by the territory checks (runtime and analyzers), so that
/// "USA", "U.S." and "United States" are one country everywhere.
/// </summary>
internal static class Geography
{
    // ISO 3166-1 alpha-2 codes with their English short names.
    private const string CountryTable =
        "AD:Andorra|AE:United Arab Emirates|AF:Afghanistan|AG:Antigua and Barbuda|AI:Anguilla|AL:Albania|AM:Armenia|AO:Angola|AQ:Antarctica|" +
        "AR:Argentina|AS:American Samoa|AT:Austria|AU:Australia|AW:Aruba|AX:Aland Islands|AZ:Azerbaijan|BA:Bosnia and Herzegovina|BB:Barbados|" +
        "BD:Bangladesh|BE:Belgium|BF:Burkina Faso|BG:Bulgaria|BH:Bahrain|BI:Burundi|BJ:Benin|BL:Saint Barthelemy|BM:Bermuda|BN:Brunei|" +
        "BO:Bolivia|BQ:Bonaire|BR:Brazil|BS:Bahamas|BT:Bhutan|BV:Bouvet Island|BW:Botswana|BY:Belarus|BZ:Belize|CA:Canada|CC:Cocos Islands|" +
        "CD:Democratic Republic of the Congo|CF:Central African Republic|CG:Republic of the Congo|CH:Switzerland|CI:Cote d'Ivoire|CK:Cook Islands|" +
        "CL:Chile|CM:Cameroon|CN:China|CO:Colombia|CR:Costa Rica|CU:Cuba|CV:Cabo Verde|CW:Curacao|CX:Christmas Island|CY:Cyprus|CZ:Czechia|" +
        "DE:Germany|DJ:Djibouti|DK:Denmark|DM:Dominica|DO:Dominican Republic|DZ:Algeria|EC:Ecuador|EE:Estonia|EG:Egypt|EH:Western Sahara|" +
        "ER:Eritrea|ES:Spain|ET:Ethiopia|FI:Finland|FJ:Fiji|FK:Falkland Islands|FM:Micronesia|FO:Faroe Islands|FR:France|GA:Gabon|" +
        "GB:United Kingdom|GD:Grenada|GE:Georgia|GF:French Guiana|GG:Guernsey|GH:Ghana|GI:Gibraltar|GL:Greenland|GM:Gambia|GN:Guinea|" +
        "GP:Guadeloupe|GQ:Equatorial Guinea|GR:Greece|GS:South Georgia|GT:Guatemala|GU:Guam|GW:Guinea-Bissau|GY:Guyana|HK:Hong Kong|" +
        "HM:Heard Island|HN:Honduras|HR:Croatia|HT:Haiti|HU:Hungary|ID:Indonesia|IE:Ireland|IL:Israel|IM:Isle of Man|IN:India|" +
        "IO:British Indian Ocean Territory|IQ:Iraq|IR:Iran|IS:Iceland|IT:Italy|JE:Jersey|JM:Jamaica|JO:Jordan|JP:Japan|KE:Kenya|KG:Kyrgyzstan|" +
        "KH:Cambodia|KI:Kiribati|KM:Comoros|KN:Saint Kitts and Nevis|KP:North Korea|KR:South Korea|KW:Kuwait|KY:Cayman Islands|KZ:Kazakhstan|" +
        "LA:Laos|LB:Lebanon|LC:Saint Lucia|LI:Liechtenstein|LK:Sri Lanka|LR:Liberia|LS:Lesotho|LT:Lithuania|LU:Luxembourg|LV:Latvia|LY:Libya|" +
        "MA:Morocco|MC:Monaco|MD:Moldova|ME:Montenegro|MF:Saint Martin|MG:Madagascar|MH:Marshall Islands|MK:North Macedonia|ML:Mali|" +
        "MM:Myanmar|MN:Mongolia|MO:Macao|MP:Northern Mariana Islands|MQ:Martinique|MR:Mauritania|MS:Montserrat|MT:Malta|MU:Mauritius|" +
        "MV:Maldives|MW:Malawi|MX:Mexico|MY:Malaysia|MZ:Mozambique|NA:Namibia|NC:New Caledonia|NE:Niger|NF:Norfolk Island|NG:Nigeria|" +
        "NI:Nicaragua|NL:Netherlands|NO:Norway|NP:Nepal|NR:Nauru|NU:Niue|NZ:New Zealand|OM:Oman|PA:Panama|PE:Peru|PF:French Polynesia|" +
        "PG:Papua New Guinea|PH:Philippines|PK:Pakistan|PL:Poland|PM:Saint Pierre and Miquelon|PN:Pitcairn|PR:Puerto Rico|PS:Palestine|" +
        "PT:Portugal|PW:Palau|PY:Paraguay|QA:Qatar|RE:Reunion|RO:Romania|RS:Serbia|RU:Russia|RW:Rwanda|SA:Saudi Arabia|SB:Solomon Islands|" +
        "SC:Seychelles|SD:Sudan|SE:Sweden|SG:Singapore|SH:Saint Helena|SI:Slovenia|SJ:Svalbard and Jan Mayen|SK:Slovakia|SL:Sierra Leone|" +
        "SM:San Marino|SN:Senegal|SO:Somalia|SR:Suriname|SS:South Sudan|ST:Sao Tome and Principe|SV:El Salvador|SX:Sint Maarten|SY:Syria|" +
        "SZ:Eswatini|TC:Turks and Caicos Islands|TD:Chad|TF:French Southern Territories|TG:Togo|TH:Thailand|TJ:Tajikistan|TK:Tokelau|" +
        "TL:Timor-Leste|TM:Turkmenistan|TN:Tunisia|TO:Tonga|TR:Turkey|TT:Trinidad and Tobago|TV:Tuvalu|TW:Taiwan|TZ:Tanzania|UA:Ukraine|" +
        "UG:Uganda|UM:United States Minor Outlying Islands|US:United States|UY:Uruguay|UZ:Uzbekistan|VA:Holy See|VC:Saint Vincent and the Grenadines|" +
        "VE:Venezuela|VG:British Virgin Islands|VI:US Virgin Islands|VN:Vietnam|VU:Vanuatu|WF:Wallis and Futuna|WS:Samoa|YE:Yemen|YT:Mayotte|" +
        "ZA:South Africa|ZM:Zambia|ZW:Zimbabwe";

    // What people type instead of the ISO code or the short name: alpha-3 codes, long forms,
    // local names and the usual informal ones.
    private const string CountryAliases =
        "USA:US|UNITED STATES OF AMERICA:US|AMERICA:US|THE UNITED STATES:US|UNITED STATES (US):US|" +
        "UK:GB|GBR:GB|GREAT BRITAIN:GB|BRITAIN:GB|ENGLAND:GB|SCOTLAND:GB|WALES:GB|NORTHERN IRELAND:GB|THE UNITED KINGDOM:GB|" +
        "CAN:CA|DEU:DE|DEUTSCHLAND:DE|FRA:FR|ESP:ES|ESPANA:ES|ITA:IT|ITALIA:IT|NLD:NL|HOLLAND:NL|THE NETHERLANDS:NL|NEDERLAND:NL|" +
        "BEL:BE|CHE:CH|SCHWEIZ:CH|SUISSE:CH|AUT:AT|OSTERREICH:AT|SWE:SE|SVERIGE:SE|NOR:NO|NORGE:NO|DNK:DK|DANMARK:DK|FIN:FI|SUOMI:FI|" +
        "IRL:IE|EIRE:IE|POL:PL|POLSKA:PL|PRT:PT|CZE:CZ|CZECH REPUBLIC:CZ|ISR:IL|ARE:AE|UAE:AE|SAU:SA|ZAF:ZA|" +
        "AUS:AU|NZL:NZ|JPN:JP|NIPPON:JP|CHN:CN|PRC:CN|PEOPLE'S REPUBLIC OF CHINA:CN|IND:IN|BHARAT:IN|SGP:SG|KOR:KR|KOREA:KR|REPUBLIC OF KOREA:KR|" +
        "HKG:HK|HONG KONG SAR:HK|TWN:TW|MYS:MY|IDN:ID|PHL:PH|THA:TH|VNM:VN|VIET NAM:VN|" +
        "MEX:MX|BRA:BR|BRASIL:BR|ARG:AR|CHL:CL|COL:CO|PER:PE|" +
        "RUSSIAN FEDERATION:RU|TURKIYE:TR|IVORY COAST:CI|CZECHOSLOVAKIA:CZ|MACEDONIA:MK|SWAZILAND:SZ|BURMA:MM|CAPE VERDE:CV";

    private const string UsStates =
        "AL:Alabama|AK:Alaska|AZ:Arizona|AR:Arkansas|CA:California|CO:Colorado|CT:Connecticut|DE:Delaware|FL:Florida|GA:Georgia|" +
        "HI:Hawaii|ID:Idaho|IL:Illinois|IN:Indiana|IA:Iowa|KS:Kansas|KY:Kentucky|LA:Louisiana|ME:Maine|MD:Maryland|MA:Massachusetts|" +
        "MI:Michigan|MN:Minnesota|MS:Mississippi|MO:Missouri|MT:Montana|NE:Nebraska|NV:Nevada|NH:New Hampshire|NJ:New Jersey|" +
        "NM:New Mexico|NY:New York|NC:North Carolina|ND:North Dakota|OH:Ohio|OK:Oklahoma|OR:Oregon|PA:Pennsylvania|RI:Rhode Island|" +
        "SC:South Carolina|SD:South Dakota|TN:Tennessee|TX:Texas|UT:Utah|VT:Vermont|VA:Virginia|WA:Washington|WV:West Virginia|" +
        "WI:Wisconsin|WY:Wyoming|DC:District of Columbia";

    private const string UsStateAliases =
        "WASHINGTON DC:DC|WASHINGTON D C:DC|CALIF:CA|CALI:CA|MASS:MA|PENN:PA|PENNA:PA|N CAROLINA:NC|S CAROLINA:SC|N DAKOTA:ND|S DAKOTA:SD|" +
        "W VIRGINIA:WV|FLA:FL|TEX:TX|ILL:IL|WASH:WA|ORE:OR|COLO:CO|ARIZ:AZ|MICH:MI|MINN:MN|WISC:WI|CONN:CT";

    private const string CanadianProvinces =
        "AB:Alberta|BC:British Columbia|MB:Manitoba|NB:New Brunswick|NL:Newfoundland and Labrador|NS:Nova Scotia|NT:Northwest Territories|" +
        "NU:Nunavut|ON:Ontario|PE:Prince Edward Island|QC:Quebec|SK:Saskatchewan|YT:Yukon";

    private const string CanadianAliases = "QUE:QC|PQ:QC|NFLD:NL|NEWFOUNDLAND:NL|PEI:PE|YUKON TERRITORY:YT|B C:BC";

    private const string AustralianStates =
        "ACT:Australian Capital Territory|NSW:New South Wales|NT:Northern Territory|QLD:Queensland|SA:South Australia|TAS:Tasmania|" +
        "VIC:Victoria|WA:Western Australia";

    private static readonly Dictionary<string, string> CountryCodes = BuildCountries();
    private static readonly Dictionary<string, string> CountryNames = BuildNames(CountryTable);
    private static readonly Dictionary<string, Dictionary<string, string>> RegionCodes = new(StringComparer.Ordinal)
    {
        ["US"] = BuildLookup(UsStates, UsStateAliases),
        ["CA"] = BuildLookup(CanadianProvinces, CanadianAliases),
        ["AU"] = BuildLookup(AustralianStates, ""),
    };

    /// <summary>The ISO 3166-1 alpha-2 code for a code, name or alias ("USA", "U.S.", "united states"), or null.</summary>
    public static string? CountryCode(string? text)
    {
        var key = Key(text);
        return key.Length == 0 ? null : CountryCodes.TryGetValue(key, out var code) ? code : null;
    }

    /// <summary>The English short name of an ISO country code, or null.</summary>
    public static string? CountryName(string? code) =>
        code is not null && CountryNames.TryGetValue(code.ToUpperInvariant(), out var name) ? name : null;

    /// <summary>True when regions of this country are known by name (US states, Canadian provinces, Australian states).</summary>
    public static bool HasRegionTable(string countryCode) => RegionCodes.ContainsKey(countryCode);

    /// <summary>
    /// The region code for a code or name within a country ("california" → "CA" in US), or null
    /// when the country has a region table and the text is not in it. For countries without a
    /// table the trimmed, upper-cased text is returned as is.
    /// </summary>
    public static string? RegionCode(string countryCode, string? text)
    {
        var key = Key(text);
        if (key.Length == 0)
        {
            return null;
        }

        if (!RegionCodes.TryGetValue(countryCode, out var table))
        {
            return key;
        }

        return table.TryGetValue(key, out var code) ? code : null;
    }

    /// <summary>
    /// The comparison key for a place name: upper case, dots dropped, runs of spaces and hyphens
    /// folded to one space, accents on Latin letters removed ("Québec" → "QUEBEC").
    /// </summary>
    public static string Key(string? text)
    {
        if (text is null)
        {
            return "";
        }

        if (IsKey(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var raw in text)
        {
            var c = Fold(raw);
            if (c == '.')
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || c == '-' || c == '_' || c == ',')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    // Already a key (upper-case letters, digits and apostrophes, single spaces between words): intake
    // sees mostly codes like "US" and "CA", which need no copy.
    private static bool IsKey(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var word = c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '\'';
            var space = c == ' ' && i > 0 && i < text.Length - 1 && text[i - 1] != ' ';
            if (!word && !space)
            {
                return false;
            }
        }

        return true;
    }

    private static char Fold(char c) => c switch
    {
        'á' or 'à' or 'â' or 'ä' or 'ã' or 'å' or 'Á' or 'À' or 'Â' or 'Ä' or 'Ã' or 'Å' => 'A',
        'é' or 'è' or 'ê' or 'ë' or 'É' or 'È' or 'Ê' or 'Ë' => 'E',
        'í' or 'ì' or 'î' or 'ï' or 'Í' or 'Ì' or 'Î' or 'Ï' => 'I',
        'ó' or 'ò' or 'ô' or 'ö' or 'õ' or 'Ó' or 'Ò' or 'Ô' or 'Ö' or 'Õ' => 'O',
        'ú' or 'ù' or 'û' or 'ü' or 'Ú' or 'Ù' or 'Û' or 'Ü' => 'U',
        'ñ' or 'Ñ' => 'N',
        'ç' or 'Ç' => 'C',
        '’' => '\'',
        _ => c,
    };

    private static Dictionary<string, string> BuildCountries()
    {
        var lookup = BuildLookup(CountryTable, CountryAliases);
        return lookup;
    }

    private static Dictionary<string, string> BuildNames(string table)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in table.Split('|'))
        {
            var colon = entry.IndexOf(':');
            names[entry.Substring(0, colon)] = entry.Substring(colon + 1);
        }

        return names;
    }

    private static Dictionary<string, string> BuildLookup(string table, string aliases)
    {
        var lookup = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in table.Split('|'))
        {
            var colon = entry.IndexOf(':');
            var code = entry.Substring(0, colon);
            lookup[code] = code;
            lookup[Key(entry.Substring(colon + 1))] = code;
        }

        if (aliases.Length > 0)
        {
            foreach (var entry in aliases.Split('|'))
            {
                var colon = entry.LastIndexOf(':');
                lookup[Key(entry.Substring(0, colon))] = entry.Substring(colon + 1);
            }
        }

        return lookup;
    }
}
