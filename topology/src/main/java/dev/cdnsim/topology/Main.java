package dev.cdnsim.topology;
public final class Main { public static void main(String[] args) {} }
