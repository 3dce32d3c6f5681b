namespace HandoffRules.Simulation;

/// <summary>
/// Where B2B SaaS inbound comes from, and how people write it: country weights, regions by
/// population, the UTC offset of business hours there, and the aliases and misspellings forms collect.
/// </summary>
internal static class Places
{
    /// <summary>Country code, weight, UTC offset in hours (for arrival times).</summary>
    public static readonly (string Code, double Weight, double Offset)[] Countries =
    [
        ("US", 44, -6), ("GB", 8, 0), ("CA", 5.5, -5), ("DE", 5.5, 1), ("FR", 3.5, 1), ("AU", 3.5, 10), ("IN", 3.5, 5.5),
        ("NL", 2, 1), ("SG", 1.8, 8), ("JP", 1.5, 9), ("BR", 1.8, -3), ("MX", 1.2, -6), ("SE", 1.2, 1), ("IE", 1.2, 0),
        ("ES", 1.4, 1), ("IT", 1.1, 1), ("CH", 1.0, 1), ("AT", 0.6, 1), ("AE", 0.9, 4), ("ZA", 0.8, 2), ("IL", 0.9, 2),
        ("NZ", 0.6, 12), ("PL", 0.9, 1), ("DK", 0.6, 1), ("NO", 0.5, 1), ("FI", 0.5, 2), ("BE", 0.7, 1), ("PT", 0.5, 0),
        ("HK", 0.5, 8), ("KR", 0.5, 9), ("MY", 0.4, 8), ("PH", 0.4, 8), ("AR", 0.4, -3), ("CL", 0.3, -4), ("CO", 0.4, -5),
        ("NG", 0.4, 1), ("KE", 0.3, 3), ("EG", 0.3, 2), ("SA", 0.4, 3), ("TR", 0.4, 3), ("RO", 0.3, 2), ("UA", 0.3, 2),
        ("CZ", 0.3, 1), ("VN", 0.3, 7), ("TH", 0.3, 7), ("ID", 0.3, 7), ("PK", 0.2, 5), ("GR", 0.2, 2),
    ];

    public static readonly string[] EmbargoedCountries = ["IR", "CU", "KP", "SY"];

    /// <summary>US states by rough share of tech buyers, with the UTC offset of their main time zone.</summary>
    public static readonly (string Code, string Name, double Weight, double Offset)[] UsStates =
    [
        ("CA", "California", 14, -8), ("TX", "Texas", 9, -6), ("NY", "New York", 9, -5), ("FL", "Florida", 6, -5),
        ("IL", "Illinois", 4.5, -6), ("WA", "Washington", 4.5, -8), ("MA", "Massachusetts", 4.5, -5), ("PA", "Pennsylvania", 3.5, -5),
        ("GA", "Georgia", 3.5, -5), ("NC", "North Carolina", 3, -5), ("CO", "Colorado", 3, -7), ("OH", "Ohio", 3, -5),
        ("MI", "Michigan", 2.5, -5), ("NJ", "New Jersey", 3, -5), ("VA", "Virginia", 3, -5), ("AZ", "Arizona", 2.5, -7),
        ("MN", "Minnesota", 2, -6), ("OR", "Oregon", 1.8, -8), ("UT", "Utah", 1.8, -7), ("TN", "Tennessee", 1.8, -6),
        ("MD", "Maryland", 1.8, -5), ("WI", "Wisconsin", 1.4, -6), ("MO", "Missouri", 1.4, -6), ("IN", "Indiana", 1.3, -5),
        ("CT", "Connecticut", 1.2, -5), ("SC", "South Carolina", 1, -5), ("DC", "District of Columbia", 1, -5),
        ("NV", "Nevada", 1, -8), ("KY", "Kentucky", 0.7, -5), ("LA", "Louisiana", 0.7, -6), ("AL", "Alabama", 0.7, -6),
        ("OK", "Oklahoma", 0.6, -6), ("KS", "Kansas", 0.6, -6), ("IA", "Iowa", 0.6, -6), ("NE", "Nebraska", 0.5, -6),
        ("ID", "Idaho", 0.5, -7), ("NM", "New Mexico", 0.4, -7), ("NH", "New Hampshire", 0.5, -5), ("RI", "Rhode Island", 0.4, -5),
        ("DE", "Delaware", 0.4, -5), ("ME", "Maine", 0.3, -5), ("VT", "Vermont", 0.2, -5), ("AR", "Arkansas", 0.4, -6),
        ("MS", "Mississippi", 0.3, -6), ("WV", "West Virginia", 0.2, -5), ("MT", "Montana", 0.2, -7), ("ND", "North Dakota", 0.15, -6),
        ("SD", "South Dakota", 0.15, -6), ("WY", "Wyoming", 0.1, -7), ("AK", "Alaska", 0.15, -9), ("HI", "Hawaii", 0.2, -10),
    ];

    public static readonly (string Code, string Name, double Weight, double Offset)[] CanadianProvinces =
    [
        ("ON", "Ontario", 45, -5), ("BC", "British Columbia", 20, -8), ("QC", "Quebec", 18, -5), ("AB", "Alberta", 12, -7),
        ("MB", "Manitoba", 2, -6), ("NS", "Nova Scotia", 2, -4), ("SK", "Saskatchewan", 1, -6),
    ];

    public static readonly (string Code, string Name, double Weight, double Offset)[] AustralianStates =
    [
        ("NSW", "New South Wales", 40, 10), ("VIC", "Victoria", 32, 10), ("QLD", "Queensland", 14, 10), ("WA", "Western Australia", 9, 8),
        ("SA", "South Australia", 4, 9.5), ("ACT", "Australian Capital Territory", 1, 10),
    ];

    /// <summary>What people type instead of the ISO code.</summary>
    public static readonly Dictionary<string, string[]> CountryAliases = new(StringComparer.Ordinal)
    {
        ["US"] = ["USA", "United States", "U.S.A.", "U.S.", "united states", "United States of America", "us", "America"],
        ["GB"] = ["United Kingdom", "UK", "England", "Great Britain", "u.k.", "Scotland"],
        ["CA"] = ["Canada", "canada", "CAN"],
        ["DE"] = ["Germany", "Deutschland", "germany", "DEU"],
        ["FR"] = ["France", "france", "FRA"],
        ["AU"] = ["Australia", "australia", "AUS"],
        ["IN"] = ["India", "india", "Bharat"],
        ["NL"] = ["Netherlands", "The Netherlands", "Holland", "nederland"],
        ["CH"] = ["Switzerland", "Schweiz", "Suisse"],
        ["AT"] = ["Austria", "Österreich"],
        ["JP"] = ["Japan", "japan"],
        ["BR"] = ["Brazil", "Brasil"],
        ["MX"] = ["Mexico", "México"],
        ["ES"] = ["Spain", "España"],
        ["IE"] = ["Ireland", "Éire"],
        ["AE"] = ["United Arab Emirates", "UAE"],
        ["SG"] = ["Singapore"],
        ["SE"] = ["Sweden", "Sverige"],
        ["ZA"] = ["South Africa"],
        ["KR"] = ["South Korea", "Korea"],
    };

    public static readonly string[] FreeMailDomains = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me", "gmx.de"];

    public static readonly string[] UniversityDomains = ["stanford.edu", "mit.edu", "utexas.edu", "umich.edu", "berkeley.edu", "nyu.edu"];

    public static readonly (string Title, double Weight)[] JobTitles =
    [
        ("Head of Data", 4), ("VP of Analytics", 3), ("Director of Revenue Operations", 3), ("Data Analyst", 8), ("Senior Data Analyst", 5),
        ("Analytics Engineer", 5), ("Data Engineer", 5), ("Chief Data Officer", 1), ("CTO", 2), ("VP of Engineering", 2),
        ("Head of Business Intelligence", 3), ("BI Developer", 4), ("Product Manager", 5), ("Director of Product", 2),
        ("Marketing Operations Manager", 3), ("CFO", 1), ("Finance Manager", 2), ("Operations Manager", 3), ("CEO", 2),
        ("Founder", 2), ("Software Engineer", 5), ("IT Manager", 3), ("Consultant", 2), ("Sales Operations Analyst", 2),
    ];

    /// <summary>HubSpot's employee ranges, and the employee count each starts at.</summary>
    public static readonly (int Min, int Max, string Text)[] EmployeeRanges =
    [
        (1, 10, "1-10"), (11, 50, "11-50"), (51, 200, "51-200"), (201, 500, "201-500"), (501, 1000, "501-1000"),
        (1001, 5000, "1001-5000"), (5001, 10000, "5001-10,000"), (10001, 200000, "10,001+"),
    ];
}
