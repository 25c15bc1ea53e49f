extension LexicalFeaturizer.Configuration: Codable {
    private enum CodingKeys: String, CodingKey {
        case halfLife, serviceBoost, errorCodeBoost, placeholderWeight, idfOffset, bigramWeight, prefixWeight,
             prefixLength, idfFloor, tfSaturation
    }

    /// Decodes a tuning; a key that is missing (a checkpoint written before the key existed) keeps its default.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let v = try c.decodeIfPresent(Timestamp.Duration.self, forKey: .halfLife) { halfLife = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .serviceBoost) { serviceBoost = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .errorCodeBoost) { errorCodeBoost = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .placeholderWeight) { placeholderWeight = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .idfOffset) { idfOffset = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .bigramWeight) { bigramWeight = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .prefixWeight) { prefixWeight = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .prefixLength) { prefixLength = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .idfFloor) { idfFloor = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .tfSaturation) { tfSaturation = v }
    }

    /// Encodes every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(halfLife, forKey: .halfLife)
        try c.encode(serviceBoost, forKey: .serviceBoost)
        try c.encode(errorCodeBoost, forKey: .errorCodeBoost)
        try c.encode(placeholderWeight, forKey: .placeholderWeight)
        try c.encode(idfOffset, forKey: .idfOffset)
        try c.encode(bigramWeight, forKey: .bigramWeight)
        try c.encode(prefixWeight, forKey: .prefixWeight)
        try c.encode(prefixLength, forKey: .prefixLength)
        try c.encode(idfFloor, forKey: .idfFloor)
        try c.encode(tfSaturation, forKey: .tfSaturation)
    }
}
