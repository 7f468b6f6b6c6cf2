package dev.tauon.core; public final class Tensor {}
