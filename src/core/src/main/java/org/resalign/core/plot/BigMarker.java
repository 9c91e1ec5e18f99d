package org.resalign.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

import org.knowm.xchart.style.markers.Marker;

/**
 * A marker drawn {@code scale} times the chart's marker size, filled with the series colour and outlined in white so
 * that it stays visible on top of lines of any colour. (XChart has one marker size per chart.)
 */
final class BigMarker extends Marker {

    /** The shapes used. */
    enum Kind { SQUARE, TRIANGLE }

    private final Kind kind;
    private final double scale;

    BigMarker(Kind kind, double scale) {
        this.kind = kind;
        this.scale = scale;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
        double size = markerSize * scale;
        double h = size / 2;
        Shape shape;
        if (kind == Kind.SQUARE) {
            shape = new Rectangle2D.Double(x - h, y - h, size, size);
        } else {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(x - h * 1.1, y + h * 0.9);
            p.lineTo(x + h * 1.1, y + h * 0.9);
            p.lineTo(x, y - h * 1.15);
            p.closePath();
            shape = p;
        }
        Color fill = g.getColor();
        g.fill(shape);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(shape);
        g.setColor(fill);
    }
}
